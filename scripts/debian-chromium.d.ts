export const debianChromium: { executablePath: string; args: string[] };
