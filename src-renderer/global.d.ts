// The Electron preload's bridge on window (absent in browser mode, which talks HTTP instead).
import type { TownCounterBridge } from './api/client';

declare global {
  interface Window {
    towncounter?: TownCounterBridge;
  }
}

export {};
