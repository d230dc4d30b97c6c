/**
 * Runs a GitHub Actions job of a recipe locally, step by step, the way the runner would: `run:`
 * steps in bash with the workflow, job and step `env`, `${{ … }}` expressions replaced from the
 * given values, a failed step skipping later steps unless they say `if: always()`, and
 * `actions/upload-artifact` / `actions/download-artifact` emulated by copying folders through a
 * local artifact store. `actions/checkout`, `actions/setup-node` and `npm ci` are recorded and
 * skipped: the project already has robustcheck installed (see `user-project.ts`).
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { UserProject } from '../api/user-project.js';

type Yaml = string | null | Yaml[] | { [key: string]: Yaml };
type YamlMap = { [key: string]: Yaml };

/** What happened to one step. */
export interface StepOutcome {
  label: string;
  status: 'passed' | 'failed' | 'skipped' | 'not-run';
  code?: number | null;
  output?: string;
}

const asMap = (value: Yaml | undefined): YamlMap => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {});
const asStrings = (value: Yaml | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(asMap(value)).map(([key, entry]) => [key, String(entry)]));

/** Replaces `${{ expr }}` with `values[expr]`; an unknown expression is an error (the recipe uses something the test does not model). */
export function expand(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) => {
    if (!Object.hasOwn(values, expression)) throw new Error(`recipe uses \${{ ${expression} }}, which the local runner does not provide`);
    return values[expression]!;
  });
}

/**
 * Runs job `jobName` of `workflow` in the project.
 *
 * @param values - `${{ }}` values, e.g. `{ 'matrix.shard': '1', 'strategy.job-total': '4' }`
 * @param env - extra environment (e.g. `GITHUB_STEP_SUMMARY`)
 */
export async function runJob(project: UserProject, workflow: Yaml, jobName: string, values: Record<string, string>, env: Record<string, string>): Promise<StepOutcome[]> {
  const job = asMap(asMap(asMap(workflow).jobs)[jobName]);
  const steps = job.steps;
  if (!Array.isArray(steps)) throw new Error(`job ${jobName} has no steps`);
  const store = join(project.dir, '.artifacts');
  let failed = false;
  const outcomes: StepOutcome[] = [];
  for (const raw of steps) outcomes.push(await runStep(raw));
  return outcomes;

  async function runStep(raw: Yaml): Promise<StepOutcome> {
    const step = asMap(raw);
    const label = String(step.name ?? step.run ?? step.uses);
    if (failed && step.if !== 'always()') return { label, status: 'not-run' };
    const uses = typeof step.uses === 'string' ? step.uses : undefined;
    const options = Object.fromEntries(Object.entries(asStrings(step.with)).map(([key, value]) => [key, expand(value, values)]));
    if (uses?.startsWith('actions/upload-artifact@')) {
      if (!existsSync(join(project.dir, options.path!))) {
        // As upload-artifact does: a warning unless the step asks for an error.
        if (options['if-no-files-found'] !== 'error') return { label, status: 'passed', output: `warning: no files at ${options.path}` };
        failed = true;
        return { label, status: 'failed', output: `no files at ${options.path}` };
      }
      cpSync(join(project.dir, options.path!), join(store, options.name!), { recursive: true });
      return { label, status: 'passed' };
    }
    if (uses?.startsWith('actions/download-artifact@')) {
      const pattern = new RegExp(`^${options.pattern!.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      mkdirSync(join(project.dir, options.path!), { recursive: true });
      for (const name of readdirSync(store).filter((entry) => pattern.test(entry))) {
        cpSync(join(store, name), join(project.dir, options.path!, name), { recursive: true });
      }
      return { label, status: 'passed' };
    }
    if (uses !== undefined || String(step.run).trim() === 'npm ci') return { label, status: 'skipped' };
    const command = expand(String(step.run), values);
    const stepEnv = { ...asStrings(asMap(workflow).env), ...asStrings(job.env), ...asStrings(step.env), ...env };
    const result = await project.shAsync(command, stepEnv);
    failed ||= result.code !== 0;
    return { label, status: result.code === 0 ? 'passed' : 'failed', code: result.code, output: result.stdout + result.stderr };
  }
}
