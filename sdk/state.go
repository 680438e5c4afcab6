package sdk

// SessionState is what the SDK believes about the session, from local state: it is
// only confirmed by the next server call (reference page 002, "UserInfo and Session State").
type SessionState string

// The session states of Authgear's SDKs.
const (
	SessionStateUnknown       SessionState = "UNKNOWN"
	SessionStateNoSession     SessionState = "NO_SESSION"
	SessionStateAuthenticated SessionState = "AUTHENTICATED"
)

// Reason says why the session state changed; the delegate receives it.
type Reason string

// The reasons of Authgear's SessionStateChangeReason.
const (
	ReasonNoToken       Reason = "NO_TOKEN"
	ReasonFoundToken    Reason = "FOUND_TOKEN"
	ReasonAuthenticated Reason = "AUTHENTICATED"
	ReasonLogout        Reason = "LOGOUT"
	ReasonInvalid       Reason = "INVALID"
	ReasonClear         Reason = "CLEAR"
)

// Listener hears every session state change, in order. It runs synchronously while the
// container applies the change, so it must not wait for another Container method.
type Listener func(state SessionState, reason Reason)
