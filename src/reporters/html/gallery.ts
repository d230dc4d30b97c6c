import type { AdversarialExample, SuiteReport } from '../../report/report-types.js';
import { budgetText, className } from '../../view-text/report-text.js';
import { html, type SafeHtml } from './markup.js';
import { exampleImages } from './thumbnails.js';
import { percent } from '../../format/percent.js';


function exampleFigure(report: SuiteReport, example: AdversarialExample): SafeHtml {
  const images = exampleImages(example);
  if (!images) return html`<figure class="example"><figcaption class="muted">sample ${example.index}: images unreadable (shape and data disagree)</figcaption></figure>`;
  const label = className(report, example.label);
  const clean = className(report, example.cleanPrediction);
  const adversarial = className(report, example.adversarialPrediction);
  const broken = example.adversarialPrediction !== example.label;
  const image = (src: string, caption: string, alt: string) => html`<figure><img src="${src}" alt="${alt}"><figcaption>${caption}</figcaption></figure>`;
  return html`<figure class="example">
<div class="images">
${image(images.clean, 'clean', `clean sample ${example.index}, label ${label}`)}
${image(images.perturbation, `δ ×${example.perturbationMax > 0 ? (1 / example.perturbationMax).toFixed(0) : '0'}`, `perturbation amplified to full scale (max |δ| ${example.perturbationMax.toPrecision(3)})`)}
${image(images.adversarial, 'adversarial', `perturbed sample ${example.index}`)}
${image(images.saliency, 'saliency', 'gradient saliency of the clean input')}
</div>
<figcaption class="labels">#${example.index} · label <strong>${label}</strong><br>
clean: ${clean} (${percent(example.cleanConfidence)})<br>
adversarial: <span class="${broken ? 'broken' : ''}">${adversarial} (${percent(example.adversarialConfidence)})</span>${broken ? ' · broken' : ''}</figcaption>
</figure>`;
}

/**
 * Adversarial examples per attack × budget: clean image, amplified perturbation, adversarial image
 * and gradient saliency, with labels and confidences. Empty for non-image inputs.
 */
export function gallerySection(report: SuiteReport): SafeHtml {
  const groups = report.attacks.flatMap((attack) => attack.results
    .filter((result) => (result.examples?.length ?? 0) > 0)
    .map((result) => ({ title: `${attack.id} · ${budgetText(report, attack.id, result.epsilon ?? result.severity)}`, examples: result.examples! })));
  if (groups.length === 0) return html``;
  return html`<section id="gallery"><h2>Adversarial examples</h2>
<p class="muted">Per attack and budget, the first samples it broke (else the first it attacked). δ is amplified so that its largest change spans the full scale (blue −, red +); saliency is |∂loss/∂x| of the clean input.</p>
${groups.map((group) => html`<h3>${group.title}</h3><div class="gallery">${group.examples.map((example) => exampleFigure(report, example))}</div>`)}
</section>`;
}
