/**
 * What the support desk asks of a customer's image, and the quality model the lab judges plans
 * with: the smallest detail an answer depends on must keep a minimum size in pixels in the image
 * the model actually looks at (after your resize AND the provider's own downscaling).
 *
 * The minimum sizes are this lab's assumptions, not a vendor's figures: measure your own (send
 * the same images at several sizes, grade the answers) before you trust them. Given code.
 */

/** What the desk needs from an image. */
export type ImageTask =
  /** Read printed or handwritten text in a photo or scan: a receipt total, a serial plate, a label. */
  | 'read_text'
  /** Read text in a screenshot: an error message, an order page. */
  | 'read_screen'
  /** See a defect on a product: a tear, a crack, a dent. */
  | 'check_damage'
  /** Recognise which product is in the picture. */
  | 'identify_item';

/** The tasks, in a stable order. */
export const IMAGE_TASKS: readonly ImageTask[] = ['read_text', 'read_screen', 'check_damage', 'identify_item'];

/** Per task: what the smallest detail is, and the fewest pixels it needs where the model sees it. */
export const QUALITY_FLOOR: Readonly<Record<ImageTask, { detail: string; minPx: number }>> = {
  read_text: { detail: 'height of the smallest glyphs the answer needs', minPx: 10 },
  read_screen: { detail: 'height of the smallest glyphs the answer needs', minPx: 10 },
  check_damage: { detail: 'short side of the defect', minPx: 12 },
  identify_item: { detail: 'short side of the product', minPx: 40 },
};
