// The one rule every webhook URL meets, wherever it comes from (the project setting over the API,
// `serve --webhook-url`, startServer's option, the destination store): an absolute http:// or
// https:// URL. Kept free of other imports so that the command line can check it without
// loading the server.

/** Whether `text` is an absolute http:// or https:// URL. */
export function isWebhookUrl(text: string): boolean {
  return /^https?:\/\//i.test(text) && URL.canParse(text);
}
