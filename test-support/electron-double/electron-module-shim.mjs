// What `import … from 'electron'` resolves to under the resolve hook: the double the test
// installed on globalThis (install-electron-double.ts), so code and test share one instance.
const double = globalThis[Symbol.for('session-desk.electron-double')];
if (!double)
  throw new Error('electron double: call installElectronDouble() before importing electron');

export const {
  app,
  BrowserWindow,
  contextBridge,
  crashReporter,
  dialog,
  ipcMain,
  ipcRenderer,
  Menu,
  MenuItem,
  nativeTheme,
  net,
  protocol,
  safeStorage,
  screen,
  session,
  shell,
} = double;
export default double;
