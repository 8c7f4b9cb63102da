import { nearestName } from './nearest-name';

describe(nearestName.name, () => {
  const topLevel = ['port', 'model_redirects', 'endpoint', 'proxies', 'models', 'dev_mode', 'user_agent', 'system_prompt'];

  it('finds the field a typo was meant to be', () => {
    expect(nearestName('dev_mod', topLevel)).toBe('dev_mode');
    expect(nearestName('resoning', ['name', 'id', 'type', 'reasoning', 'provider', 'fast'])).toBe('reasoning');
    expect(nearestName('reasonnig', ['name', 'id', 'type', 'reasoning', 'provider', 'fast'])).toBe('reasoning');
    expect(nearestName('Port', topLevel)).toBe('port');
    expect(nearestName('systemprompt', topLevel)).toBe('system_prompt');
    expect(nearestName('endpoints', topLevel)).toBe('endpoint');
  });

  it('suggests nothing for a name that resembles no field', () => {
    expect(nearestName('telemetry', topLevel)).toBeUndefined();
    expect(nearestName('x', topLevel)).toBeUndefined();
    expect(nearestName('anything', [])).toBeUndefined();
  });
});
