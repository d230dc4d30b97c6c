import { Box, Text } from 'ink';
import { decodeImage, halfBlockLines, shadeLines, shrinkToWidth, type PixelMode } from '../text/pixels.js';
import { truncate } from '../text/window.js';
import { useColorSupport } from './Theme.js';

/** Props of {@link PixelBlock}. */
export interface PixelBlockProps {
  /** Base64 uint8 pixels of shape `[height, width, channels]`. */
  data: string;
  shape: readonly number[];
  mode: PixelMode;
  caption: string;
  /** Widest the image may be drawn, in cells. */
  maxWidth: number;
}

/**
 * One image with its caption: half blocks in 24-bit colour, or shade characters when colour is
 * off or limited. A malformed image says so instead of throwing.
 */
export function PixelBlock({ data, shape, mode, caption, maxWidth }: PixelBlockProps) {
  const { truecolor } = useColorSupport();
  const decoded = decodeImage(data, shape);
  if (!decoded) return <Text>{`${caption}: image data malformed`}</Text>;
  const image = shrinkToWidth(decoded, maxWidth);
  const lines = truecolor ? halfBlockLines(image, mode) : shadeLines(image, mode);
  return (
    <Box flexDirection="column" width={Math.max(image.width, 12) + 2}>
      <Text bold>{truncate(caption, Math.max(image.width, 12))}</Text>
      {lines.map((line, index) => <Text key={index}>{line}</Text>)}
    </Box>
  );
}
