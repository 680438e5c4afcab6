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
	once sync.Once
	db   safejs.Value
	err  error
}

const (
	ledgerDB    = "wasmgear"
	ledgerStore = "ledger"
)

// open opens the database once per page.
func (l *IDBLedger) open(ctx context.Context) (safejs.Value, error) {
	l.once.Do(func() {
		idb, err := getProp(safejs.Global(), "indexedDB")
		if err != nil || !isObject(idb) {
			l.err = errors.New("wasmgear: IndexedDB is unavailable")
			return
		}
		req, err := idb.Call("open", ledgerDB, 1)
		if err != nil {
			l.err = err
			return
		}
		upgrade, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
			if db, err := getProp(req, "result"); err == nil {
				_, _ = db.Call("createObjectStore", ledgerStore)
			}
			return nil
		})
		if err != nil {
			l.err = err
			return
		}
		defer upgrade.Release()
		_ = req.Set("onupgradeneeded", upgrade)
		l.db, l.err = awaitEvent(ctx, req, "success", "error", "result")
	})
	return l.db, l.err
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
// returns target[resultProp] on success.
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
	_ = target.Set("on"+ok, onOK)
	_ = target.Set("on"+fail, onFail)
	if fail == "error" && ok == "complete" {
		_ = target.Set("onabort", onFail)
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
