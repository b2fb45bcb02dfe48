// What the WebGPU adapter says about itself. Shown to the owner and sent to the network, but never
// trusted as proof of anything (self-reported adapter info is trivially faked).
import { z } from 'zod';

export const adapterKindSchema = z.enum(['discrete', 'integrated', 'software', 'unknown']);
export type AdapterKind = z.infer<typeof adapterKindSchema>;

export const adapterReportSchema = z.object({
  vendor: z.string(),
  architecture: z.string(),
  device: z.string(),
  description: z.string(),
  /** The adapter computes on the CPU (lavapipe, SwiftShader, WARP): fine for tests, useless to earn. */
  isSoftware: z.boolean(),
  kind: adapterKindSchema,
  backend: z.string(),
  features: z.array(z.string()),
  limits: z.record(z.string(), z.number()),
});
export type AdapterReport = z.infer<typeof adapterReportSchema>;

const SOFTWARE_NAMES = /llvmpipe|lavapipe|swiftshader|softpipe|microsoft basic render|warp/i;

/** Decides from adapter info whether computing happens on a CPU. */
export function isSoftwareAdapter(info: {
  isFallbackAdapter?: boolean;
  architecture: string;
  description: string;
  device: string;
}): boolean {
  return (
    info.isFallbackAdapter === true ||
    info.architecture.toLowerCase() === 'software' ||
    SOFTWARE_NAMES.test(info.description) ||
    SOFTWARE_NAMES.test(info.device)
  );
}

/**
 * The adapter's GPU name. Dawn puts it in `device` as an identifier ("nvidia-geforce-rtx-4090");
 * `description` names the driver ("NVIDIA: 550.54.14").
 */
export function adapterName(report: AdapterReport): string {
  // A software renderer's `device` is an id like "llvmpipe-llvm-15-0-6-256-bits-"; its description
  // ("llvmpipe: Mesa 25.0.7 (LLVM 15.0.6)") is what a person recognises.
  if (report.isSoftware && report.description) return report.description;
  return report.device.replace(/-+/g, ' ').trim() || report.vendor || 'unknown GPU';
}

/** One line a person reads: "nvidia geforce rtx 4090 (discrete, vulkan; driver NVIDIA: 550.54)". */
export function describeAdapter(report: AdapterReport): string {
  const note = report.isSoftware ? 'software adapter: computes on the CPU, not a GPU' : report.kind;
  const driver = report.description && !report.isSoftware ? `; driver ${report.description}` : '';
  return `${adapterName(report)} (${note}, ${report.backend}${driver})`;
}
