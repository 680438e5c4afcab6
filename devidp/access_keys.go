package devidp

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// AccessKeyPrefix starts every service-client access key, so a scan for leaked keys
// needs no list of them.
const AccessKeyPrefix = "wgsk_"

// ErrInvalidPermission is returned by CreateAccessKey for a permission it cannot parse.
var ErrInvalidPermission = errors.New("devidp: invalid permission")

// AccessKey describes a service-client access key; the secret itself is shown only once,
// by CreateAccessKey, and stored as its SHA-256 digest.
type AccessKey struct {
	ID, Name string
	// Permissions are resources of the form Connections/{connection or *}/Users/{user
	// or *}/Credentials (the Authress form of reference page 004).
	Permissions []string
	CreatedAt   time.Time
	Revoked     bool
}

type storedKey struct {
	AccessKey
	digest [sha256.Size]byte
}

// accessKeys are the issued service-client keys, by ID.
type accessKeys struct {
	mu   sync.Mutex // guards byID
	byID map[string]*storedKey
}

// CreateAccessKey issues a key with the permissions and returns its description and the
// key itself, "wgsk_<id>.<secret>". A random 256-bit secret needs no slow hash: SHA-256
// of it cannot be searched.
func (s *Server) CreateAccessKey(name string, permissions []string) (AccessKey, string, error) {
	if len(permissions) == 0 {
		return AccessKey{}, "", fmt.Errorf("%w: a key needs at least one permission", ErrInvalidPermission)
	}
	for _, p := range permissions {
		if _, _, ok := parsePermission(p); !ok {
			return AccessKey{}, "", fmt.Errorf("%w: %q is not Connections/{connection|*}/Users/{user|*}/Credentials", ErrInvalidPermission, p)
		}
	}
	id, secret := randomToken()[:16], randomToken()
	id = strings.NewReplacer("-", "A", "_", "B", ".", "C").Replace(id)
	k := &storedKey{AccessKey: AccessKey{ID: id, Name: name, Permissions: append([]string(nil), permissions...), CreatedAt: s.now()},
		digest: sha256.Sum256([]byte(secret))}
	s.accessKeys.mu.Lock()
	defer s.accessKeys.mu.Unlock()
	if s.accessKeys.byID == nil {
		s.accessKeys.byID = map[string]*storedKey{}
	}
	s.accessKeys.byID[id] = k
	return k.AccessKey, AccessKeyPrefix + id + "." + secret, nil
}

// RevokeAccessKey revokes a key at once and reports whether it existed.
func (s *Server) RevokeAccessKey(id string) bool {
	s.accessKeys.mu.Lock()
	defer s.accessKeys.mu.Unlock()
	k, ok := s.accessKeys.byID[id]
	if ok {
		k.Revoked = true
	}
	return ok
}

// AccessKeys lists the issued keys, oldest first, without their secrets.
func (s *Server) AccessKeys() []AccessKey {
	s.accessKeys.mu.Lock()
	defer s.accessKeys.mu.Unlock()
	out := make([]AccessKey, 0, len(s.accessKeys.byID))
	for _, k := range s.accessKeys.byID {
		a := k.AccessKey
		a.Permissions = append([]string(nil), a.Permissions...)
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.Before(out[j].CreatedAt) })
	return out
}

// liveAccessKey returns the unrevoked key a presented key string names, comparing the
// secret's digest in constant time.
func (s *Server) liveAccessKey(presented string) (AccessKey, bool) {
	id, secret, ok := strings.Cut(strings.TrimPrefix(presented, AccessKeyPrefix), ".")
	if !ok || !strings.HasPrefix(presented, AccessKeyPrefix) {
		return AccessKey{}, false
	}
	sum := sha256.Sum256([]byte(secret))
	s.accessKeys.mu.Lock()
	defer s.accessKeys.mu.Unlock()
	k, found := s.accessKeys.byID[id]
	if !found || k.Revoked || subtle.ConstantTimeCompare(sum[:], k.digest[:]) != 1 {
		return AccessKey{}, false
	}
	return k.AccessKey, true
}

// parsePermission splits Connections/{c}/Users/{u}/Credentials.
func parsePermission(p string) (connection, user string, ok bool) {
	parts := strings.Split(p, "/")
	if len(parts) != 5 || parts[0] != "Connections" || parts[2] != "Users" || parts[4] != "Credentials" {
		return "", "", false
	}
	for _, v := range []string{parts[1], parts[3]} {
		if v == "" || (v != "*" && strings.Contains(v, "*")) {
			return "", "", false
		}
	}
	return parts[1], parts[3], true
}

// permits reports whether one of the key's permissions covers the user's credentials
// at the connection.
func (k AccessKey) permits(connection, user string) bool {
	for _, p := range k.Permissions {
		c, u, _ := parsePermission(p)
		if (c == "*" || c == connection) && (u == "*" || u == user) {
			return true
		}
	}
	return false
}
