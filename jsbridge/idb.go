//go:build js && wasm

package jsbridge

import (
	"context"
	"errors"
	"sync"

	"github.com/hack-pad/safejs"
)

// IDBLedger is sdk.Ledger over IndexedDB: a completed readwrite transaction is visible to
// every tab's next transaction, which localStorage does not promise.
type IDBLedger struct {
	mu sync.Mutex // guards db and upgrade; held while opening, so one open runs at a time
	db safejs.Value
	// upgrade creates the store on a first open. It lives as long as the ledger: an
	// abandoned open still upgrades later, and must find a live function then.
	upgrade *safejs.Func
}

const (
	ledgerDB    = "wasmgear"
	ledgerStore = "ledger"
)

// open opens the database on first use and keeps it. A failed or timed-out open is not
// kept: the next operation tries again, so one slow moment does not disable the ledger
// for the rest of the page.
func (l *IDBLedger) open(ctx context.Context) (safejs.Value, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.db.Type() == safejs.TypeObject {
		return l.db, nil
	}
	idb, err := getProp(safejs.Global(), "indexedDB")
	if err != nil || !isObject(idb) {
		return safejs.Undefined(), errors.New("wasmgear: IndexedDB is unavailable")
	}
	req, err := idb.Call("open", ledgerDB, 1)
	if err != nil {
		return safejs.Undefined(), err
	}
	if l.upgrade == nil {
		fn, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
			target, err := getProp(argOrUndefined(args), "target")
			if err != nil {
				return nil
			}
			if db, err := getProp(target, "result"); err == nil {
				_, _ = db.Call("createObjectStore", ledgerStore)
			}
			return nil
		})
		if err != nil {
			return safejs.Undefined(), err
		}
		l.upgrade = &fn
	}
	if err := req.Set("onupgradeneeded", *l.upgrade); err != nil {
		return safejs.Undefined(), err
	}
	db, err := awaitEvent(ctx, req, "success", "error", "result")
	if err != nil {
		return safejs.Undefined(), err
	}
	l.db = db
	return db, nil
}

// store opens a transaction on the ledger store.
func (l *IDBLedger) store(ctx context.Context, mode string) (tx, store safejs.Value, err error) {
	db, err := l.open(ctx)
	if err != nil {
		return safejs.Undefined(), safejs.Undefined(), err
	}
	tx, err = db.Call("transaction", ledgerStore, mode)
	if err != nil {
		return safejs.Undefined(), safejs.Undefined(), err
	}
	store, err = tx.Call("objectStore", ledgerStore)
	return tx, store, err
}

// Get implements sdk.Ledger.
func (l *IDBLedger) Get(ctx context.Context, key string) (string, bool, error) {
	_, store, err := l.store(ctx, "readonly")
	if err != nil {
		return "", false, err
	}
	req, err := store.Call("get", key)
	if err != nil {
		return "", false, err
	}
	v, err := awaitEvent(ctx, req, "success", "error", "result")
	if err != nil || v.Type() != safejs.TypeString {
		return "", false, err
	}
	s, err := v.String()
	return s, err == nil, err
}

// Set implements sdk.Ledger; it returns once the transaction has committed.
func (l *IDBLedger) Set(ctx context.Context, key, value string) error {
	tx, store, err := l.store(ctx, "readwrite")
	if err != nil {
		return err
	}
	if _, err := store.Call("put", value, key); err != nil {
		return err
	}
	_, err = awaitEvent(ctx, tx, "complete", "error", "")
	return err
}

// Delete implements sdk.Ledger; it returns once the transaction has committed.
func (l *IDBLedger) Delete(ctx context.Context, key string) error {
	tx, store, err := l.store(ctx, "readwrite")
	if err != nil {
		return err
	}
	if _, err := store.Call("delete", key); err != nil {
		return err
	}
	_, err = awaitEvent(ctx, tx, "complete", "error", "")
	return err
}

// awaitEvent waits for target's ok or fail event (IndexedDB's callback style) and
// returns target[resultProp] on success. The result is read before the handlers go.
func awaitEvent(ctx context.Context, target safejs.Value, ok, fail, resultProp string) (safejs.Value, error) {
	done := make(chan error, 2)
	onOK, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any { done <- nil; return nil })
	if err != nil {
		return safejs.Undefined(), err
	}
	defer onOK.Release()
	onFail, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		done <- errors.New("wasmgear: IndexedDB " + fail)
		return nil
	})
	if err != nil {
		return safejs.Undefined(), err
	}
	defer onFail.Release()
	handlers := []string{"on" + ok, "on" + fail}
	if fail == "error" && ok == "complete" {
		handlers = append(handlers, "onabort")
	}
	// Deferred after the releases, so it runs first: once this returns, a late event
	// finds no handler instead of a released function.
	defer func() {
		for _, h := range handlers {
			_ = target.Set(h, safejs.Null())
		}
	}()
	_ = target.Set(handlers[0], onOK)
	for _, h := range handlers[1:] {
		_ = target.Set(h, onFail)
	}
	select {
	case err := <-done:
		if err != nil || resultProp == "" {
			return safejs.Undefined(), err
		}
		return getProp(target, resultProp)
	case <-ctx.Done():
		return safejs.Undefined(), ctx.Err()
	}
}

// NewIDBLedger returns a ledger that opens the database on first use.
func NewIDBLedger() *IDBLedger { return &IDBLedger{} }
