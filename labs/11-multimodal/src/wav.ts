/**
 * The WAV (RIFF) container, read and cut by hand: a header of chunks (`fmt `, `data`…) in front of
 * raw PCM samples. Cutting PCM is exact to the sample, which is why long audio is chunked as WAV.
 */
import { MediaError } from './errors.ts';

/** What the header says about a WAV file. */
export interface WavInfo {
  /** 1 = integer PCM, 3 = float PCM; others are compressed and cannot be cut by bytes. */
  audioFormat: number;
  /** Interleaved channels. */
  channels: number;
  /** Samples per second per channel. */
  sampleRate: number;
  /** Bits per sample. */
  bitsPerSample: number;
  /** Bytes per sample frame (all channels). */
  blockAlign: number;
  /** Offset of the first sample byte. */
  dataOffset: number;
  /** Bytes of sample data. */
  dataLength: number;
  /** `dataLength` in seconds. */
  durationSeconds: number;
}

const ascii = (bytes: Uint8Array, offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));

/** Reads a WAV header; a missing chunk or a file shorter than its header promises is `corrupt`. */
export function readWav(bytes: Uint8Array, name: string): WavInfo {
  const corrupt = (problem: string) => new MediaError('corrupt', name, `corrupt WAV: ${problem}`);
  if (bytes.byteLength < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') {
    throw corrupt('no RIFF/WAVE header');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: Omit<WavInfo, 'dataOffset' | 'dataLength' | 'durationSeconds'> | undefined;
  for (let offset = 12; offset + 8 <= bytes.byteLength; ) {
    const id = ascii(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ') {
      if (size < 16 || offset + 24 > bytes.byteLength) throw corrupt('the fmt chunk is cut short');
      format = {
        audioFormat: view.getUint16(offset + 8, true),
        channels: view.getUint16(offset + 10, true),
        sampleRate: view.getUint32(offset + 12, true),
        blockAlign: view.getUint16(offset + 20, true),
        bitsPerSample: view.getUint16(offset + 22, true),
      };
    } else if (id === 'data') {
      if (!format) throw corrupt('the data chunk comes before the fmt chunk');
      if (format.sampleRate === 0 || format.blockAlign === 0) throw corrupt('zero sample rate or block size');
      const present = bytes.byteLength - offset - 8;
      if (size > present) {
        throw corrupt(`truncated: the header promises ${size} bytes of audio, the file holds ${present}`);
      }
      const byteRate = format.sampleRate * format.blockAlign;
      return { ...format, dataOffset: offset + 8, dataLength: size, durationSeconds: size / byteRate };
    }
    offset += 8 + size + (size % 2); // chunks are padded to an even size
  }
  throw corrupt('no data chunk');
}

/**
 * A self-contained WAV file holding `[startSeconds, endSeconds)` of `bytes`, cut on sample-frame
 * boundaries. Only PCM (format 1 or 3) can be cut this way.
 */
export function sliceWav(bytes: Uint8Array, info: WavInfo, startSeconds: number, endSeconds: number): Uint8Array {
  if (info.audioFormat !== 1 && info.audioFormat !== 3) {
    throw new Error(`sliceWav: WAV format ${info.audioFormat} is compressed; only PCM can be cut by bytes`);
  }
  const frames = info.dataLength / info.blockAlign;
  const first = Math.max(0, Math.round(startSeconds * info.sampleRate));
  const last = Math.min(frames, Math.round(endSeconds * info.sampleRate));
  const pcm = bytes.subarray(info.dataOffset + first * info.blockAlign, info.dataOffset + last * info.blockAlign);
  return encodeWav(pcm, info);
}

/** Wraps PCM samples in a 44-byte canonical WAV header. */
export function encodeWav(
  pcm: Uint8Array,
  format: Pick<WavInfo, 'audioFormat' | 'channels' | 'sampleRate' | 'bitsPerSample' | 'blockAlign'>,
): Uint8Array {
  const out = new Uint8Array(44 + pcm.byteLength);
  const view = new DataView(out.buffer);
  const write = (offset: number, text: string) => {
    for (let i = 0; i < 4; i++) out[offset + i] = text.charCodeAt(i);
  };
  write(0, 'RIFF');
  view.setUint32(4, 36 + pcm.byteLength, true);
  write(8, 'WAVE');
  write(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format.audioFormat, true);
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * format.blockAlign, true);
  view.setUint16(32, format.blockAlign, true);
  view.setUint16(34, format.bitsPerSample, true);
  write(36, 'data');
  view.setUint32(40, pcm.byteLength, true);
  out.set(pcm, 44);
  return out;
}
