import type {
  CallbackResponse,
  HeadersReceivedResponse,
  OnBeforeRequestListenerDetails,
  OnHeadersReceivedListenerDetails,
  Session,
  WebContents,
} from 'electron';

type PermissionRequestHandler = Parameters<Session['setPermissionRequestHandler']>[0];
type PermissionCheckHandler = Parameters<Session['setPermissionCheckHandler']>[0];
type DevicePermissionHandler = Parameters<Session['setDevicePermissionHandler']>[0];
type BeforeRequestListener =
  | ((
      details: OnBeforeRequestListenerDetails,
      callback: (response: CallbackResponse) => void,
    ) => void)
  | null;
type HeadersReceivedListener =
  | ((
      details: OnHeadersReceivedListenerDetails,
      callback: (response: HeadersReceivedResponse) => void,
    ) => void)
  | null;
type Filter = { urls: string[] };

/** session.defaultSession: the permission handlers and the webRequest hooks. */
export class SessionDouble implements Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
> {
  permissionRequestHandler: PermissionRequestHandler = null;
  permissionCheckHandler: PermissionCheckHandler = null;
  devicePermissionHandler: DevicePermissionHandler = null;
  beforeRequest: { filter: Filter; listener: BeforeRequestListener } | null = null;
  headersReceived: { filter: Filter; listener: HeadersReceivedListener } | null = null;

  readonly webRequest = {
    onBeforeRequest: (filter: Filter, listener: BeforeRequestListener) => {
      this.beforeRequest = listener ? { filter, listener } : null;
    },
    onHeadersReceived: (filter: Filter, listener: HeadersReceivedListener) => {
      this.headersReceived = listener ? { filter, listener } : null;
    },
  };

  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }

  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    this.permissionCheckHandler = handler;
  }

  setDevicePermissionHandler(handler: DevicePermissionHandler): void {
    this.devicePermissionHandler = handler;
  }

  /** A page asks for a permission; Electron grants it when no handler is set. */
  requestPermission(
    contents: WebContents,
    permission: Parameters<NonNullable<PermissionRequestHandler>>[1],
  ): Promise<boolean> {
    const handler = this.permissionRequestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) =>
      handler(contents, permission, resolve, {
        requestingUrl: contents.getURL(),
        isMainFrame: true,
      }),
    );
  }

  /** A page checks a permission; Electron says yes when no handler is set. */
  checkPermission(
    contents: WebContents | null,
    permission: Parameters<NonNullable<PermissionCheckHandler>>[1],
    origin: string,
  ): boolean {
    const handler = this.permissionCheckHandler;
    if (!handler) return true;
    return handler(contents, permission, origin, {
      requestingUrl: origin,
      isMainFrame: true,
      embeddingOrigin: origin,
    });
  }

  /** A web request the page would make: cancelled or not, per the onBeforeRequest listener. */
  wouldCancel(url: string): Promise<boolean> {
    const hook = this.beforeRequest;
    if (!hook || !hook.filter.urls.some((pattern) => matchesPattern(pattern, url)))
      return Promise.resolve(false);
    return new Promise((resolve) =>
      hook.listener?.(
        {
          id: 1,
          url,
          method: 'GET',
          resourceType: 'xhr',
          referrer: '',
          timestamp: 0,
          uploadData: [],
          frame: null,
        } as unknown as OnBeforeRequestListenerDetails,
        (response) => resolve(response.cancel === true),
      ),
    );
  }
}

/** Chromium's URL pattern for webRequest filters: scheme://host/path with * wildcards. */
function matchesPattern(pattern: string, url: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
  );
  return regex.test(url);
}
