import { AppError } from '../../../src-shared/contract/app-error';
import { EXPORT_FORMATS, type ExportFormat } from '../../../src-shared/export/export-catalogue';

// The formats, their extensions and media types are plain data in src-shared (the contract, the
// CLI and the renderer read them too); the engine adds the check that throws.
export {
  defaultExportFileName,
  EXPORT_FORMAT_INFO,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportFormatInfo,
} from '../../../src-shared/export/export-catalogue';

/** The format, or invalid_input naming the valid ones. */
export function parseExportFormat(value: unknown): ExportFormat {
  if (typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value)) {
    return value as ExportFormat;
  }
  throw new AppError(
    'invalid_input',
    `Export format ${JSON.stringify(value)} is not one of ${EXPORT_FORMATS.join(', ')}.`,
  );
}
