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

// FallbackStorage uses a primary Storage until it fails once, then keeps the session in
// memory for the rest of the page's life. Browsers throw on localStorage when the user
// blocks site data or in some private modes; an auth SDK must degrade, not crash.
type FallbackStorage struct {
	primary Storage
	warn    func(error)

	mu       sync.Mutex // guards degraded
	degraded bool
	memory   *MemoryStorage
}

// NewFallbackStorage wraps primary; warn is called once, with the first failure.
func NewFallbackStorage(primary Storage, warn func(error)) *FallbackStorage {
	return &FallbackStorage{primary: primary, warn: warn, memory: NewMemoryStorage()}
}

// active returns the store to use now.
func (f *FallbackStorage) active() Storage {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.degraded {
		return f.memory
	}
	return f.primary
}

// degrade switches to memory after the primary failed; only the first failure warns.
func (f *FallbackStorage) degrade(err error) {
	f.mu.Lock()
	first := !f.degraded
	f.degraded = true
	f.mu.Unlock()
	if first && f.warn != nil {
		f.warn(err)
	}
}

// Get implements Storage.
func (f *FallbackStorage) Get(key string) (string, bool, error) {
	if s := f.active(); s != Storage(f.memory) {
		v, ok, err := s.Get(key)
		if err == nil {
			return v, ok, nil
		}
		f.degrade(err)
	}
	return f.memory.Get(key)
}

// Set implements Storage.
func (f *FallbackStorage) Set(key, value string) error {
	if s := f.active(); s != Storage(f.memory) {
		err := s.Set(key, value)
		if err == nil {
			return nil
		}
		f.degrade(err)
	}
	return f.memory.Set(key, value)
}

// Delete implements Storage.
func (f *FallbackStorage) Delete(key string) error {
	if s := f.active(); s != Storage(f.memory) {
		err := s.Delete(key)
		if err == nil {
			return nil
		}
		f.degrade(err)
	}
	return f.memory.Delete(key)
}
