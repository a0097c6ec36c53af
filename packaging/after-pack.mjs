// electron-builder's afterPack hook: runs once the app is copied into its platform folder and
// before electron-builder signs it, so the signature covers the flipped fuses.
import { flipAndVerifyFuses } from './fuses.mjs';

export default async function afterPack(context) {
  const { executable } = await flipAndVerifyFuses(context);
  console.log(`  • fuses flipped  executable=${executable}`);
}
