import { drawDiscNodeLabel } from 'sigma/rendering';
import type { Settings } from 'sigma/settings';
import type { NodeDisplayData, PartialButFor } from 'sigma/types';

const BOX = '#1f2733';
const RING = '#6ea8fe';
const PADDING = 3;

/**
 * Sigma's hover box is white, which leaves a light label unreadable on this dark console: the
 * same shape, dark with a blue ring, then the usual label.
 */
export function drawDarkNodeHover(
  context: CanvasRenderingContext2D,
  data: PartialButFor<NodeDisplayData, 'x' | 'y' | 'size' | 'label' | 'color'>,
  settings: Settings,
): void {
  const size = settings.labelSize;
  context.font = `${settings.labelWeight} ${size}px ${settings.labelFont}`;
  context.fillStyle = BOX;
  context.strokeStyle = RING;
  context.lineWidth = 1.5;
  context.beginPath();
  const radius = Math.max(data.size, size / 2) + PADDING;
  if (typeof data.label === 'string') {
    const width = context.measureText(data.label).width + 8;
    const height = size + 2 * PADDING;
    context.roundRect(data.x - radius, data.y - height / 2, radius * 2 + width, height, height / 2);
  } else context.arc(data.x, data.y, radius, 0, Math.PI * 2);
  context.fill();
  context.stroke();
  drawDiscNodeLabel(context, data, settings);
}
