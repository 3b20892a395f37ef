// The report formats by name: a light module, so that options can be checked before the formatters load.
export const FORMAT_NAMES = ['table', 'json', 'junit', 'github', 'markdown', 'csv', 'html'] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];
