// VBA's Collection (`Dim c As New Collection`, `Set c = New Collection`): items in order, each
// with an optional text key (case-insensitive); Add, Item (the default member, 1-based or by
// key), Count, Remove, For Each. The one class of VBA's own library macros commonly create.
import { ObjectValue, VbaRuntime, toNumber, toStr, type Value } from './values.js';

export class CollectionObj extends ObjectValue {
  readonly typeName = 'Collection';
  readonly items: { key?: string; value: Value }[] = [];

  count(): number {
    return this.items.length;
  }

  private position(index: Value): number {
    if (typeof index === 'string') {
      const at = this.items.findIndex((x) => x.key === index.toLowerCase());
      if (at < 0) throw new VbaRuntime(`invalid procedure call: no item with the key "${index}"`, 5);
      return at;
    }
    const i = Math.trunc(toNumber(index));
    if (i < 1 || i > this.items.length) throw new VbaRuntime(`subscript out of range: item ${i} of a Collection of ${this.items.length}`, 9);
    return i - 1;
  }

  item(index: Value): Value {
    return this.items[this.position(index)]!.value;
  }

  /** Add item[, key][, before][, after]. */
  add(item: Value, key: Value | undefined, before: Value | undefined, after: Value | undefined): void {
    const k = key === undefined || key === null ? undefined : toStr(key).toLowerCase();
    if (k !== undefined && this.items.some((x) => x.key === k)) throw new VbaRuntime(`this key is already associated with an element of this collection: "${toStr(key!)}"`, 457);
    const entry = { key: k, value: item };
    if (before !== undefined) this.items.splice(this.position(before), 0, entry);
    else if (after !== undefined) this.items.splice(this.position(after) + 1, 0, entry);
    else this.items.push(entry);
  }

  remove(index: Value): void {
    this.items.splice(this.position(index), 1);
  }
}
