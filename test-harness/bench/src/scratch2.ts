import { profileOrchestrator } from './profile-orchestrator.js';
const p = await profileOrchestrator({ workDir: '/tmp/bench-prof2', streams: Number(process.argv[2]), maxTokens: Number(process.argv[3]), durationMs: 6000, engineTokensPerSecondPerStream: Number(process.argv[4]) });
console.log(p.file, 'tokens', p.tokens, 'busy ms', (p.summary.totalMs - p.summary.idleMs).toFixed(0), 'idle', p.summary.idleMs.toFixed(0));
for (const a of p.summary.areas.slice(0, 20)) console.log((a.share*100).toFixed(1).padStart(5)+'%', a.selfMs.toFixed(0).padStart(6), a.name);
console.log('---');
for (const a of p.summary.functions.slice(0, 30)) console.log((a.share*100).toFixed(1).padStart(5)+'%', a.selfMs.toFixed(0).padStart(6), a.name);
