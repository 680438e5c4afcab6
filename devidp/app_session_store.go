package devidp

import "time"

// grantOfRefreshToken is the live grant of a refresh token, without spending it.
func (st *store) grantOfRefreshToken(token string) (grant, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	rt, ok := st.refresh[digest(token)]
	if !ok || rt.used {
		return grant{}, false
	}
	g, ok := st.grants[rt.grantID]
	if !ok || g.revoked {
		return grant{}, false
	}
	return *g, true
}

func (st *store) saveAppSessionToken(token string, t appSessionToken) {
	st.mu.Lock()
	defer st.mu.Unlock()
	for k, old := range st.appTokens {
		if t.expires.Sub(old.expires) > appSessionTokenLifetime {
			delete(st.appTokens, k)
		}
	}
	st.appTokens[digest(token)] = &t
}

// spendAppSessionToken uses a token once: a second use, or one after 5 minutes, fails.
func (st *store) spendAppSessionToken(token string, now time.Time) (grant, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	t, ok := st.appTokens[digest(token)]
	if !ok {
		return grant{}, false
	}
	delete(st.appTokens, digest(token))
	g, ok := st.grants[t.grantID]
	if now.After(t.expires) || !ok || g.revoked {
		return grant{}, false
	}
	return *g, true
}

// newAppSession returns the cookie value of a new app session for a grant.
func (st *store) newAppSession(grantID string) string {
	cookie := randomToken()
	st.mu.Lock()
	defer st.mu.Unlock()
	st.appSessions[digest(cookie)] = grantID
	return cookie
}

// appSessionGrant is the live grant behind an app_session cookie.
func (st *store) appSessionGrant(cookie string) (grant, bool) {
	st.mu.Lock()
	defer st.mu.Unlock()
	id, ok := st.appSessions[digest(cookie)]
	if !ok {
		return grant{}, false
	}
	g, ok := st.grants[id]
	if !ok || g.revoked {
		return grant{}, false
	}
	return *g, true
}
