import { Liquid, type Template } from 'liquidjs';

/**
 * Message templates (task subjects, notifications, e-mails): LiquidJS, which runs no code of the
 * template's author (only its own tags and filters), with limits on what a template may cost.
 * Variables: `record` (the record's fields), `event` ({ type, changes }), `rule` ({ name }).
 */
const engine = new Liquid({
  strictFilters: true,
  strictVariables: false,
  ownPropertyOnly: true,
  parseLimit: 20_000,
  renderLimit: 200,
  memoryLimit: 1_000_000,
  cache: 500,
});

/** The same engine for HTML bodies: every value is HTML-escaped on output. */
const htmlEngine = new Liquid({
  strictFilters: true,
  strictVariables: false,
  ownPropertyOnly: true,
  parseLimit: 200_000,
  renderLimit: 500,
  memoryLimit: 5_000_000,
  outputEscape: 'escape',
});

/** Renders an HTML template, escaping every value it outputs. */
export function renderHtmlTemplate(source: string, variables: Record<string, unknown>): Promise<string> {
  return htmlEngine.parseAndRender(source, variables) as Promise<string>;
}

const parsed = new Map<string, Template[]>();

/** Parses a template, or throws its syntax error's message. */
function parse(source: string): Template[] {
  const known = parsed.get(source);
  if (known) return known;
  const templates = engine.parse(source);
  if (parsed.size > 1000) parsed.clear();
  parsed.set(source, templates);
  return templates;
}

/** The problem with a template, or null when it parses. */
export function templateProblem(source: string): string | null {
  try {
    parse(source);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] : String(error);
  }
}

/** Renders a template with its variables (escaping nothing: the text goes into plain-text fields). */
export function renderTemplate(source: string, variables: Record<string, unknown>): Promise<string> {
  return engine.render(parse(source), variables) as Promise<string>;
}
