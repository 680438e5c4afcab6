package sdk

import "strings"

// maxAncestors bounds the tokens a ledger record remembers its lineage by: localStorage
// lags another tab's write by milliseconds, so a tab is at most a rotation or two behind.
const maxAncestors = 4

// continues reports whether the record belongs to the lineage of stored, the refresh
// token this tab's localStorage holds: the same token, or one the record's token was
// rotated from. Only then is the record newer news of the same session; a record of
// another lineage (another SDK, or another user, wrote the shared keys since) loses
// to localStorage, which is what the page last signed in with.
func (r ledgerRecord) continues(stored string) bool {
	if stored == "" {
		return false
	}
	if r.refreshToken == stored {
		return true
	}
	for _, a := range r.ancestors {
		if a == stored {
			return true
		}
	}
	return false
}

// lineageAfter is the ancestry of the token a refresh produced: the token it spent,
// then the ancestry of the record it continued (from, when it used one), newest first.
func lineageAfter(spent, latest string, from ledgerRecord) []string {
	var out []string
	if spent != latest {
		out = append(out, spent)
	}
	for _, a := range from.ancestors {
		if len(out) == maxAncestors {
			break
		}
		if a != latest && a != spent {
			out = append(out, a)
		}
	}
	return out
}

// encodeAncestors and decodeAncestors carry the ancestry after the record's token, one
// per line: refresh tokens are URL-safe strings and never hold a newline.
func encodeAncestors(ancestors []string) string {
	if len(ancestors) == 0 {
		return ""
	}
	return "\n" + strings.Join(ancestors, "\n")
}

func decodeAncestors(token string) (string, []string) {
	parts := strings.Split(token, "\n")
	return parts[0], parts[1:]
}

// signedOutElsewhere reports whether the shared refresh token vanished from storage while
// a refresh was out: another tab (or another SDK) signed out or cleared the site's data.
// The refresh's answer must not bring the session back.
func signedOutElsewhere(s *session) bool {
	return s.sharesTokensLocked() && s.refreshTokenLocked() == ""
}
