package sdk

import "sync"

// Storage is the persistent key/value store of the session (localStorage in the browser).
// Get reports whether the key exists, so an empty value is not mistaken for no value.
type Storage interface {
	Get(key string) (value string, ok bool, err error)
	Set(key, value string) error
	Delete(key string) error
}

// MemoryStorage is a Storage that lives as long as the page: the transient token
// storage, and the fallback when localStorage is blocked.
type MemoryStorage struct {
	mu     sync.Mutex // guards values
	values map[string]string
}

// NewMemoryStorage returns an empty, ready MemoryStorage.
func NewMemoryStorage() *MemoryStorage {
	return &MemoryStorage{values: map[string]string{}}
}

// Get implements Storage.
func (m *MemoryStorage) Get(key string) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[key]
	return v, ok, nil
}

// Set implements Storage.
func (m *MemoryStorage) Set(key, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.values[key] = value
	return nil
}

// Delete implements Storage.
func (m *MemoryStorage) Delete(key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.values, key)
	return nil
}

// FallbackStorage uses the first of its stores until it fails once, then the next, and
// finally memory for the rest of the page's life. Browsers throw on localStorage when the
// user blocks site data or in some private modes; an auth SDK must degrade, not crash.
// The page's storage is localStorage, then sessionStorage (which keeps a login's one-time
// values across the redirect, in the same tab), then memory (which does not: see Durable).
type FallbackStorage struct {
	stores []Storage // the stores in order of preference, memory last
	warn   func(err error, durable bool)

	mu    sync.Mutex // guards level
	level int        // index of the store in use
}

// NewFallbackStorage wraps primary, then each of more, then memory. warn is called each
// time a store fails, with the failure and whether the store used from then on outlives
// the page.
func NewFallbackStorage(warn func(err error, durable bool), primary Storage, more ...Storage) *FallbackStorage {
	stores := append(append([]Storage{primary}, more...), NewMemoryStorage())
	return &FallbackStorage{stores: stores, warn: warn}
}

// Durable reports whether values outlive the page: false once only memory is left, when
// a login's verifier would be lost on the way to the provider and back.
func (f *FallbackStorage) Durable() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.level < len(f.stores)-1
}

// do runs op on the store in use, moving to the next store while op fails; memory never
// fails.
func (f *FallbackStorage) do(op func(Storage) error) {
	for {
		f.mu.Lock()
		level := f.level
		f.mu.Unlock()
		err := op(f.stores[level])
		if err == nil || level == len(f.stores)-1 {
			return
		}
		f.mu.Lock()
		moved := f.level == level
		if moved {
			f.level = level + 1
		}
		durable := f.level < len(f.stores)-1
		f.mu.Unlock()
		if moved && f.warn != nil {
			f.warn(err, durable)
		}
	}
}

// Get implements Storage.
func (f *FallbackStorage) Get(key string) (v string, ok bool, err error) {
	f.do(func(s Storage) error { v, ok, err = s.Get(key); return err })
	return v, ok, err
}

// Set implements Storage.
func (f *FallbackStorage) Set(key, value string) (err error) {
	f.do(func(s Storage) error { err = s.Set(key, value); return err })
	return err
}

// Delete implements Storage.
func (f *FallbackStorage) Delete(key string) (err error) {
	f.do(func(s Storage) error { err = s.Delete(key); return err })
	return err
}
