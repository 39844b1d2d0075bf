/**
 * A chip for a protected span of a message (PRODUCT.md "Talking"/"Reveal"). Shows the stored
 * placeholder text (e.g. `[EMAIL_ADDRESS]`), never a raw value. Clicking calls `onReveal`
 * (the reveal flow with a justification comes with the vault issue).
 */
import type { MessageEntity } from '../api/types.ts';

/** Props of {@link EntityChip}. */
export interface EntityChipProps {
  entity: MessageEntity;
  /** The span of the stored text the entity covers (its placeholder). */
  label: string;
  /** Asked to reveal the value behind `entity.token`; the chip is inert when absent. */
  onReveal?: (entity: MessageEntity) => void;
}

/** Renders one entity chip as a button. */
export function EntityChip({ entity, label, onReveal }: EntityChipProps) {
  const readable = entity.entityType.toLowerCase().replace(/_/g, ' ');
  return (
    <button
      type="button"
      className="chip"
      data-entity-type={entity.entityType}
      aria-label={`Protected ${readable}${onReveal ? ', press to reveal' : ''}`}
      aria-disabled={onReveal ? undefined : true}
      onClick={() => onReveal?.(entity)}
    >
      {label}
    </button>
  );
}
