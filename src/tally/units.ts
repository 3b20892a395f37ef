// Administrative units: name matching and the unit tree built from the names in the data.
import { remembered, stripDiacritics } from '../input/normalize.js';

export type Level = 'country' | 'province' | 'district' | 'commune';
export const LEVELS: Level[] = ['country', 'province', 'district', 'commune'];
/** How deep a unit of each level lies in the tree (the country 0): the order of LEVELS. */
export const LEVEL_DEPTH = Object.fromEntries(LEVELS.map((level, depth) => [level, depth])) as Record<Level, number>;

export interface UnitRef {
  level: Level;
  name: string;
  path: string[];
}

// Longest first, so "thành phố" is stripped before a shorter prefix could match.
// Names typed without diacritics drop their prefix too ("Xa Bon" is "Xã Bốn").
const PREFIXES = [
  'thành phố', 'thị trấn', 'thị xã', 'tỉnh', 'huyện', 'quận', 'phường', 'xã',
  'thanh pho', 'thi tran', 'thi xa', 'tinh', 'huyen', 'quan', 'phuong', 'xa', 'tp.', 'tp', 'tx.', 'tt.',
];

/** A unit name for matching: NFC, lower case, single spaces, administrative prefix dropped. */
export function unitKey(name: string): string {
  return remembered(keys, name, keyOf);
}
const keys = new Map<string, string>();

function keyOf(name: string): string {
  let key = name.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();
  for (const prefix of PREFIXES) {
    if (key.startsWith(prefix) && key.length > prefix.length) {
      const rest = key.slice(prefix.length);
      if (prefix.endsWith('.') || rest.startsWith(' ')) {
        key = rest.trim();
        break;
      }
    }
  }
  return key;
}

/**
 * Whether a name has no diacritics (stripDiacritics leaves it as it is). Told without decomposing
 * it in the usual cases — ASCII only, or any letter Vietnamese writes with a mark (or đ), or a
 * combining mark — for the end of a read asks it of every unit (10,000 communes: ~15 ms decomposed).
 */
export const isPlain = (key: string) => (ASCII_ONLY.test(key) ? true : MARKED.test(key) ? false : stripDiacritics(key) === key);
const ASCII_ONLY = /^[\u0000-\u007f]*$/;
const MARKED = /[àáâãèéêìíòóôõùúýăđĩũơưÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĂĐĨŨƠƯ\u0300-\u036f\u1ea0-\u1ef9]/;

export interface Unit extends UnitRef {
  id: number;
  key: string;
  parent: Unit | null;
  children: Map<string, Unit>;
}

/** A commune's children: none, ever (one map for all of them, not 10,000 on a national file); adding one is a bug. */
class NoChildren extends Map<string, Unit> {
  override set(): this {
    throw new Error('a commune has no units under it');
  }
}
const NO_CHILDREN: Map<string, Unit> = new NoChildren();

/**
 * The tree of units. Names written without diacritics ("A Luoi") join the unit written with them
 * ("A Lưới") when exactly one sibling matches that way; otherwise they stay apart.
 */
export class UnitTree {
  readonly country: Unit;
  readonly all: Unit[] = [];

  constructor() {
    this.country = this.make('country', 'Việt Nam', '', null);
  }

  private make(level: Level, name: string, key: string, parent: Unit | null): Unit {
    const unit: Unit = { id: this.all.length, level, name, key, path: parent && parent.level !== 'country' ? [...parent.path, name] : level === 'country' ? [] : [name], parent, children: level === 'commune' ? NO_CHILDREN : new Map() };
    this.all.push(unit);
    parent?.children.set(key, unit);
    return unit;
  }

  /** The child of `parent` named `name`, created when absent. Plain-letter names are resolved later. */
  child(parent: Unit, level: Level, name: string): Unit {
    const key = unitKey(name);
    return parent.children.get(key) ?? this.make(level, name.normalize('NFC').trim(), key, parent);
  }

  /** The unit of a (province, district, commune) triple: the most specific non-blank one. */
  unit(province: string, district: string, commune: string): Unit {
    let unit = this.country;
    if (province.trim() !== '') unit = this.child(unit, 'province', province);
    if (district.trim() !== '') unit = this.child(unit, 'district', district);
    if (commune.trim() !== '') unit = this.child(unit, 'commune', commune);
    return unit;
  }

  /**
   * Map each plain-letter unit to its unique diacritic sibling, top-down; returns, by unit id, the
   * unit it stands for (itself when unchanged). Merged-away units leave the tree.
   */
  resolve(): Unit[] {
    // (a list by id, not a Map: this runs once, over every unit of a national file, mostly before
    // V8 has compiled it)
    const target: Unit[] = new Array(this.all.length);
    const visit = (unit: Unit, into: Unit) => {
      target[unit.id] = into;
      if (unit.children.size === 0) return;
      for (const child of [...unit.children.values()]) {
        // (a unit standing for itself: a child with diacritics and no children stands for itself, as counterpart would say)
        if (into === unit && child.children.size === 0 && !isPlain(child.key)) target[child.id] = child;
        else visit(child, this.counterpart(into, child));
      }
    };
    visit(this.country, this.country);
    for (let id = 0; id < this.all.length; id++) {
      const unit = this.all[id];
      if (target[id] !== unit && unit.parent?.children.get(unit.key) === unit) unit.parent.children.delete(unit.key);
    }
    return target;
  }

  /** The unit under `parent` that `child` (possibly from another parent) stands for. */
  private counterpart(parent: Unit, child: Unit): Unit {
    if (isPlain(child.key)) {
      const written = [...parent.children.values()].filter((c) => !isPlain(c.key) && stripDiacritics(c.key) === child.key);
      if (written.length === 1) return written[0];
    }
    return parent.children.get(child.key) ?? this.make(child.level, child.name, child.key, parent);
  }

  /** Find a unit by names as a ruleset writes them (province, district, commune), or undefined. */
  find(names: { province?: string; district?: string; commune?: string }): Unit | undefined {
    let unit: Unit | undefined = this.country;
    for (const name of [names.province, names.district, names.commune]) {
      if (!name || !unit) continue;
      const key = unitKey(name);
      let next: Unit | undefined = unit.children.get(key);
      if (!next) {
        const plain = stripDiacritics(key);
        const matches: Unit[] = [...unit.children.values()].filter((c) => stripDiacritics(c.key) === plain);
        next = matches.length === 1 ? matches[0] : undefined;
      }
      unit = next;
    }
    return unit;
  }

  static ancestors(unit: Unit): Unit[] {
    const chain: Unit[] = [];
    for (let u: Unit | null = unit; u; u = u.parent) chain.push(u);
    return chain;
  }
}

export function unitRef(unit: Unit): UnitRef {
  return { level: unit.level, name: unit.name, path: unit.path };
}
