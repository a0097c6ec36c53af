import type { MenuItemConstructorOptions } from 'electron';

/** A built menu: the template as given, so a test can find items and click them. */
export class MenuDouble {
  static applicationMenu: MenuDouble | null = null;

  constructor(readonly items: MenuItemConstructorOptions[] = []) {}

  static buildFromTemplate(template: MenuItemConstructorOptions[]): MenuDouble {
    for (const item of walk(template)) {
      // Electron refuses an item that is neither a role, a separator, a submenu nor labelled.
      if (!item.role && !item.label && item.type !== 'separator' && !item.submenu) {
        throw new Error(
          'Invalid template for MenuItem: must have at least one of label, role or type',
        );
      }
    }
    return new MenuDouble(template);
  }

  static setApplicationMenu(menu: MenuDouble | null): void {
    MenuDouble.applicationMenu = menu;
  }

  static getApplicationMenu(): MenuDouble | null {
    return MenuDouble.applicationMenu;
  }

  /** Every item, submenus included, depth first. */
  allItems(): MenuItemConstructorOptions[] {
    return [...walk(this.items)];
  }

  findByLabel(label: string): MenuItemConstructorOptions | undefined {
    return this.allItems().find((item) => item.label === label);
  }
}

function* walk(items: MenuItemConstructorOptions[]): Generator<MenuItemConstructorOptions> {
  for (const item of items) {
    yield item;
    if (Array.isArray(item.submenu)) yield* walk(item.submenu);
  }
}

export class MenuItemDouble {
  constructor(readonly options: MenuItemConstructorOptions) {}
}
