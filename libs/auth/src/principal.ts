/** Who is calling: established by the auth guard and attached to the request. */
export interface Principal {
  username: string;
  method: 'basic' | 'jwt' | 'anonymous';
  /** Verified JWT claims, for bearer callers. */
  claims?: Record<string, unknown>;
}
