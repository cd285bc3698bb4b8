import type { ConformanceProfile } from '../profiles/conformance-profile.js';
import { mockProfile } from '../profiles/mock.js';

/** The mock as if it ran behind a URL the suite cannot stop: the restart scenario is listed unsupported. */
const profile: ConformanceProfile = {
  name: 'mock-without-engine-control',
  description: 'The mock adapter without stopEngine/startEngine hooks.',
  unsupported: { '@CONF-014': 'the engine runs elsewhere and cannot be stopped by the suite' },
  async open(options) {
    const { stopEngine: _stop, startEngine: _start, ...session } = await mockProfile.open(options);
    return session;
  },
};

export default profile;
