import QRCode from 'qrcode';

export type QrFormat = 'svg' | 'png';

export interface QrImage {
  format: QrFormat;
  contentType: 'image/svg+xml' | 'image/png';
  /** SVG markup, or a data: URL for PNG. */
  data: string;
}

const options = { errorCorrectionLevel: 'M', margin: 2 } as const;

/** A QR code of the text (an otpauth URI), as SVG markup or a PNG data URL. */
export async function qrCode(text: string, format: QrFormat): Promise<QrImage> {
  if (format === 'png') {
    const data = await QRCode.toDataURL(text, { ...options, type: 'image/png', width: 256 });
    return { format, contentType: 'image/png', data };
  }
  const data = await QRCode.toString(text, { ...options, type: 'svg', width: 256 });
  return { format, contentType: 'image/svg+xml', data };
}
