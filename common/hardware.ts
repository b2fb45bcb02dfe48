// The machine as the owner and the network see it: what the operating system reports (GPUs, CPU,
// memory, OS) next to what WebGPU will actually compute on. The two can differ (a software adapter on
// a box with a real GPU, a laptop's iGPU chosen over its dGPU), and `notes` says so in plain words.
import { z } from 'zod';
import { adapterReportSchema } from './gpu-adapter.js';
import { gpuClassSchema } from './gpu-catalog.js';

export const inventoryGpuSchema = z.object({
  model: z.string(),
  vendor: z.string(),
  /** Dedicated memory in MiB; null when unknown or when the GPU shares system memory. */
  vramMb: z.number().int().nullable(),
  /** Integrated GPUs and Apple silicon use system RAM: there is no VRAM figure to trust. */
  sharedMemory: z.boolean(),
  driverVersion: z.string().nullable(),
  bus: z.string().nullable(),
  /** The known-GPU table row this part matches exactly, or null. */
  known: gpuClassSchema.nullable(),
});
export type InventoryGpu = z.infer<typeof inventoryGpuSchema>;

export const hardwareInventorySchema = z.object({
  gpus: z.array(inventoryGpuSchema),
  /** Null when there is no WebGPU adapter; `adapterError` then says why. */
  adapter: adapterReportSchema.nullable(),
  adapterError: z.string().nullable(),
  cpu: z.object({
    brand: z.string(),
    /** Logical cores (threads). */
    cores: z.number().int(),
    physicalCores: z.number().int().nullable(),
    speedGhz: z.number().nullable(),
  }),
  memory: z.object({ totalMb: z.number().int() }),
  os: z.object({ platform: z.string(), distro: z.string(), release: z.string(), arch: z.string() }),
  /** Plain-language lines for the owner: software adapter, missing GPU, probe trouble. */
  notes: z.array(z.string()),
});
export type HardwareInventory = z.infer<typeof hardwareInventorySchema>;
