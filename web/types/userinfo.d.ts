// What login and fetchUserInfo resolve with: the user, in the shape of Authgear's web SDK.
import type { AuthenticatorKind, AuthenticatorType, IdentityType, LoginIDType } from "./constants.js";

/** The `address` claim (OpenID Connect Core 1.0 §5.1.1), camelCase. */
export interface UserInfoAddress {
  /** The full mailing address, formatted for display. */
  formatted?: string;
  /** The street address, possibly several lines. */
  streetAddress?: string;
  /** City or locality. */
  locality?: string;
  /** State, province or region. */
  region?: string;
  /** Zip or postal code. */
  postalCode?: string;
  /** Country name. */
  country?: string;
}

/**
 * The signed-in user: the UserInfo response (OpenID Connect Core 1.0 §5.3.2) in the shape of
 * Authgear's web SDK — standard claims in camelCase when present, Authgear's claims, and `raw`.
 */
export interface UserInfo {
  /** The subject: the user's stable ID. */
  sub: string;
  /** Authgear's `is_anonymous`: an anonymous user not yet promoted. */
  isAnonymous: boolean;
  /** Authgear's `is_verified`: the user has a verified email or phone number. */
  isVerified: boolean;
  /** Authgear's `can_reauthenticate`: the user has a way to sign in again. */
  canReauthenticate: boolean;
  /** Authgear's `roles` claim; empty when none. */
  roles: string[];
  /** Authgear's `custom_attributes` claim; empty when none. */
  customAttributes: Record<string, unknown>;
  /** The whole decoded UserInfo response, every claim as sent. */
  raw: Record<string, unknown>;
  /** Authgear's `recovery_code_enabled`; false when absent. */
  recoveryCodeEnabled: boolean;
  /** Authgear's `identities` claim (sent under the full-access scope); undefined when absent. */
  identities?: Identity[];
  /** Authgear's `authenticators` claim (sent under the full-access scope); undefined when absent. */
  authenticators?: Authenticator[];
  /** `email`. */
  email?: string;
  /** `email_verified`. */
  emailVerified?: boolean;
  /** `phone_number`. */
  phoneNumber?: string;
  /** `phone_number_verified`. */
  phoneNumberVerified?: boolean;
  /** `preferred_username`. */
  preferredUsername?: string;
  /** `family_name`. */
  familyName?: string;
  /** `given_name`. */
  givenName?: string;
  /** `middle_name`. */
  middleName?: string;
  /** `name`. */
  name?: string;
  /** `nickname`. */
  nickname?: string;
  /** `picture`: a URL. */
  picture?: string;
  /** `profile`: a URL. */
  profile?: string;
  /** `website`: a URL. */
  website?: string;
  /** `gender`. */
  gender?: string;
  /** `birthdate`: `YYYY-MM-DD` or `YYYY`. */
  birthdate?: string;
  /** `zoneinfo`: an IANA time zone, e.g. `"Europe/Paris"`. */
  zoneinfo?: string;
  /** `locale`: a BCP 47 language tag. */
  locale?: string;
  /** `updated_at`: seconds since the Unix epoch. */
  updatedAt?: number;
  /** `address`. */
  address?: UserInfoAddress;
}

/** One of the user's identities (`UserInfo.identities`), as @authgear/web decodes it. */
export interface Identity {
  /** The kind; `"unknown"` for a value this version does not know. */
  type: IdentityType;
  /** When the identity was added. */
  createdAt: Date;
  /** When the identity last changed. */
  updatedAt: Date;
  /** For login IDs: the login ID's key, e.g. `"email"`. */
  loginIDKey?: string;
  /** For login IDs: the login ID's type. */
  loginIDType?: LoginIDType;
  /** For OAuth identities: the provider's type, e.g. `"google"`. */
  oauthProviderType?: string;
  /** For OAuth identities: the provider's alias in the project's configuration. */
  oauthProviderAlias?: string;
}

/** One of the user's authenticators (`UserInfo.authenticators`), as @authgear/web decodes it. */
export interface Authenticator {
  /** When the authenticator was added. */
  createdAt: Date;
  /** When the authenticator last changed. */
  updatedAt: Date;
  /** The kind; `"unknown"` for a value this version does not know. */
  type: AuthenticatorType;
  /** First or second factor; `"unknown"` for a value this version does not know. */
  kind: AuthenticatorKind;
}

/** What `finishAuthentication` resolves with. */
export interface AuthenticateResult {
  /** The user who signed in. */
  userInfo: UserInfo;
  /** The `state` given to `startAuthentication`; undefined when none was given. */
  state?: string;
}

/** What `finishReauthentication` resolves to (@authgear/web's `ReauthenticateResult`). */
export interface ReauthenticateResult {
  /** The user who signed in again. */
  userInfo: UserInfo;
  /** The `state` given to `startReauthentication`; absent when none was given. */
  state?: string;
}

/** A third-party provider's access token from the provider's credential vault. */
export interface ConnectionCredentials {
  /** The provider's access token, for calls to the provider's own API. */
  accessToken: string;
  /** When the token expires (RFC 3339), if the vault said. */
  expiresAt?: string;
}
