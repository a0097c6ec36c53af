let names: Intl.DisplayNames | null = null;
try {
  names = new Intl.DisplayNames(undefined, { type: 'language' });
} catch {
  names = null;
}

/** "English" for "en"; a code the browser does not know reads as itself. */
export function languageName(code: string): string {
  try {
    return names?.of(code) ?? code;
  } catch {
    return code;
  }
}
