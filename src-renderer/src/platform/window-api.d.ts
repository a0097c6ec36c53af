import type { RendererApi } from '../../../src-shared/contract/api';

declare global {
  interface Window {
    /** Given by the preload (Electron) or the web bridge (web host); absent before either runs. */
    api: RendererApi;
  }
}

export {};
