import type { Session } from 'electron';

/**
 * The app needs no browser permission (camera, notifications, clipboard-read, geolocation, …):
 * every request and every check is refused, so a compromised page cannot even ask.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
