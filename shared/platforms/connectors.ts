import type { Platform } from '../domain/platform';
import type { PlatformConnector } from '../ports/platform-connector';
import { InstagramConnector, type InstagramConnectorConfig } from './instagram-connector';
import type { ConnectorDeps } from './platform-http';
import { TiktokConnector, type TiktokConnectorConfig } from './tiktok-connector';
import { YoutubeConnector, type YoutubeConnectorConfig } from './youtube-connector';

export interface ConnectorsConfig {
  readonly youtube?: YoutubeConnectorConfig;
  readonly instagram?: InstagramConnectorConfig;
  readonly tiktok?: TiktokConnectorConfig;
}

/** One connector per platform sharing the same secrets, quota ledger, clock and author keyer. */
export function createPlatformConnectors(
  deps: ConnectorDeps,
  config: ConnectorsConfig = {},
): Record<Platform, PlatformConnector> {
  return {
    youtube: new YoutubeConnector(deps, config.youtube),
    instagram: new InstagramConnector(deps, config.instagram),
    tiktok: new TiktokConnector(deps, config.tiktok),
  };
}

/**
 * Base URLs for the simulator at `simulatorUrl` (as printed by `pulse simulate`), e.g. `http://127.0.0.1:4010`.
 */
export function simulatorConnectorsConfig(simulatorUrl: string): ConnectorsConfig {
  const root = simulatorUrl.replace(/\/+$/, '');
  return {
    youtube: { baseUrl: `${root}/youtube/v3` },
    instagram: { baseUrl: `${root}/instagram` },
    tiktok: { baseUrl: `${root}/tiktok`, businessBaseUrl: `${root}/tiktok` },
  };
}
