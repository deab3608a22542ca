import type { ChannelOptions } from '@grpc/grpc-js';

export interface ChannelSettings {
  /** Ping the backend this often while calls are open, to find dead connections. */
  keepaliveTimeMs?: number;
  /** How long a ping may go unanswered before the connection is dropped. */
  keepaliveTimeoutMs?: number;
  /**
   * Also ping idle connections. Off by default: servers other than grpc-js refuse
   * pings more often than every 5 minutes on an idle connection (GOAWAY too_many_pings).
   */
  keepaliveWithoutCalls?: boolean;
  /** Reconnection backoff bounds; a small maximum lets a caller recover soon after the backend returns. */
  initialReconnectBackoffMs?: number;
  maxReconnectBackoffMs?: number;
  /** Largest response message accepted (getAll of the maximum length must fit). */
  maxReceiveMessageBytes?: number;
}

/** grpc-js channel options from the client's settings, with their defaults. */
export function channelOptionsFrom(settings: ChannelSettings = {}): ChannelOptions {
  const {
    keepaliveTimeMs = 30_000,
    keepaliveTimeoutMs = 10_000,
    keepaliveWithoutCalls = false,
    initialReconnectBackoffMs = 250,
    maxReconnectBackoffMs = 5_000,
    maxReceiveMessageBytes = 4 * 1024 * 1024,
  } = settings;
  return {
    'grpc.keepalive_time_ms': keepaliveTimeMs,
    'grpc.keepalive_timeout_ms': keepaliveTimeoutMs,
    'grpc.keepalive_permit_without_calls': keepaliveWithoutCalls ? 1 : 0,
    'grpc.initial_reconnect_backoff_ms': initialReconnectBackoffMs,
    'grpc.max_reconnect_backoff_ms': maxReconnectBackoffMs,
    'grpc.max_receive_message_length': maxReceiveMessageBytes,
  };
}
