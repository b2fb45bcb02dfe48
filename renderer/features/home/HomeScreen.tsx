import { Loading } from '../../app/ui.js';
import { useApp } from '../../store/app-store.js';
import { DeviceCard } from './DeviceCard.js';
import { EarningsCard } from './EarningsCard.js';
import { GpuCard } from './GpuCard.js';
import { Headline } from './Headline.js';
import { ModeControls } from './ModeControls.js';

export function HomeScreen() {
  const state = useApp((s) => s.state);
  const telemetry = useApp((s) => s.telemetry);
  if (!state) return <Loading what="the node’s state" />;
  return (
    <>
      <h1>Home</h1>
      <div className="grid">
        <Headline state={state} />
        <ModeControls mode={state.governor.mode} />
        <EarningsCard state={state} />
        <DeviceCard state={state} />
        <GpuCard state={state} samples={telemetry} />
      </div>
    </>
  );
}
