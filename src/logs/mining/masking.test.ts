import { describe, expect, it } from 'vitest';
import { createMasker, DEFAULT_MASKING, type MaskingConfig } from './masking.ts';

const mask = createMasker();

describe('default masking', () => {
  it.each([
    // numbers, hex, durations, versions, ids with digits
    ['1893', '<*>'],
    ['-2', '<*>'],
    ['0.2477829', '<*>'],
    ['0x05', '<*>'],
    ['003a90fc', '<*>'],
    ['10000ms', '<*>'],
    ['1.24.6', '<*>'],
    ['blk_-6952295868487656571', '<*>'],
    ['b9000564-fe1a-409b-b8cc-1e88b294cd1d', '<*>'],
    ['3f9c2a7d1e5b4c8a9f0e6d2b7c1a5e8f4d3b2c1a', '<*>'],
    ['e3871ffd', '<*>'],
    ['bglio559', '<*>'],
    // punctuation around a variable stays, as hand-written templates keep it
    ['uid=0', 'uid=<*>'],
    ['(HWID=1973)', '(HWID=<*>)'],
    ['[173.234.31.186]', '[<*>]'],
    ['10.251.73.220:50010', '<*>:<*>'],
    ["'attempt_1445144423722_0020_m_000003_1012'", "'<*>'"],
    ['55904.', '<*>.'],
    ['#1', '#<*>'],
    ['yarn,3,4', 'yarn,<*>'],
    // a word and a number: only the number varies
    ['core.2275', 'core.<*>'],
    ['node-129', 'node-<*>'],
    ['instruction......0', 'instruction......<*>'],
    // paths and URLs are one variable each
    ['/var/lib/nova/instances/_base/a489c868', '<*>'],
    ['../../../go/pkg/mod/golang.org/toolchain@v0.0.1-go1.24.6.linux-amd64/src/x.go:', '<*>:'],
    ['chdir(/p/gb2/glosli/8M_5000K/t800)', 'chdir(<*>)'],
    ['/home/yates//bandwidth.rts:', '<*>:'],
    ['.../x/term@v0.45.0/term.go:', '<*>:'],
    ['~/.npm/_logs/debug-0.log', '<*>'],
    ['/10.10.34.11:45307', '<*>:<*>'],
    ['C:\\Windows\\winsxs\\amd64_6.1.7601\\cbscore.dll', '<*>'],
    ['\\\\server\\share\\x.log,', '<*>,'],
    ['hdfs://10.10.34.11:9000/pjhe/logs/2kSOSP.log:21876+7292', 'hdfs://<*>'],
    ['[akka.tcp://sparkExecutorActorSystem@mesos-slave-07:55904]', '[akka.tcp://<*>]'],
    ['2025-08-20T21:04:54.1234567Z', '<*>'],
    ['at=2025-08-20T21:04:54+02:00', 'at=<*>'],
    ['ns.marryaldkfaczcz.com', '<*>'],
    ['MININT-FNANLI5.fareast.corp.microsoft.com:54883', '<*>:<*>'],
    ["'proxy.cse.cuhk.edu.hk'", "'<*>'"],
    // word values
    ['true', '<*>'],
    ['enabled=false,', 'enabled=<*>,'],
    ['Jun', '<*>'],
  ])('%s → %s', (token, masked) => {
    expect(mask(token)).toBe(masked);
  });

  it.each(['Cannot', 'ssh2', 'jk2_init()', 'log4j', 'PSR0', 'power/control', '[preauth]', 'LOOKING', 'x'])(
    'leaves wording alone: %s',
    (token) => {
      expect(mask(token)).toBe(token);
    },
  );
});

describe('masking configuration', () => {
  it('is data: a rule added by a user applies, rules without it do not', () => {
    const config: MaskingConfig = {
      ...DEFAULT_MASKING,
      rules: [
        {
          name: 'colour',
          description: 'colour names are values here',
          scope: 'piece',
          pattern: 'red|green|blue',
          replace: '<*>',
        },
        ...DEFAULT_MASKING.rules,
      ],
    };
    expect(createMasker(config)('colour=green')).toBe('colour=<*>');
    expect(mask('colour=green')).toBe('colour=green');
  });

  it('an empty rule list masks nothing', () => {
    const none = createMasker({ delimiters: DEFAULT_MASKING.delimiters, rules: [] });
    expect(none('uid=0')).toBe('uid=0');
    expect(none('/usr/bin/tar')).toBe('/usr/bin/tar');
  });

  it('rejects stateful regex flags', () => {
    expect(() =>
      createMasker({
        delimiters: '',
        rules: [{ name: 'bad', description: '', scope: 'piece', pattern: 'x', replace: '', flags: 'g' }],
      }),
    ).toThrow(/flags g and y/);
  });
});
