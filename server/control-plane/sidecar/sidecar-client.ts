import type { OutboxMessage } from "../store/control-plane-store.js";

/**
 * The control plane's view of the CoreSDK sidecar: the calls it makes, AuditService.Emit and
 * AuthService.RevokeToken / RevokeAppTokens, each taking an outbox message as queued. The adapter speaks Connect
 * over the wire; the control plane never imports sidecar code.
 */
export interface SidecarClient {
  /** Delivers one message; throws when the sidecar is unreachable or refuses it. */
  deliver(message: OutboxMessage): Promise<void>;
  close(): Promise<void>;
}
