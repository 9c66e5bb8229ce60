// Profiles a device answered the probe of (a profile's `match.probe` column has rows on it), found at
// its first poll and again after it restarts, so a device whose sysObjectID no profile knows (UniFi
// firmware answering as plain Linux, a controller model newer than the profile) is still read.
export class ProbedProfiles {
  private readonly byDevice = new Map<string, { uptimeTicks?: number; names: string[] }>();

  /** The profile names found for the device, unless it was never probed or has restarted since. */
  usable(deviceId: string, uptimeTicks: number | undefined): string[] | undefined {
    const entry = this.byDevice.get(deviceId);
    if (!entry) return undefined;
    if (uptimeTicks !== undefined && entry.uptimeTicks !== undefined && uptimeTicks < entry.uptimeTicks) return undefined;
    return entry.names;
  }

  remember(deviceId: string, uptimeTicks: number | undefined, names: string[]): void {
    this.byDevice.set(deviceId, { uptimeTicks, names });
  }
}
