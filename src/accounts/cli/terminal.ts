import { createInterface } from 'node:readline/promises';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
// Without a terminal, a progress line this often is enough to show the command is alive.
const PLAIN_PROGRESS_EVERY_MS = 15_000;

/** A wait the person can see: a spinner with a countdown on a terminal, a progress line now and then elsewhere. */
export interface Waiting {
  /** Time left until the wait gives up. */
  update(leftMs: number): void;
  stop(): void;
}

/**
 * The CLI's output. Interactive (a TTY and not CI) means spinners and questions; otherwise plain lines that read
 * well in a log. Results go to stdout, problems to stderr.
 */
export class Terminal {
  constructor(
    readonly interactive: boolean,
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly err: NodeJS.WriteStream = process.stderr,
  ) {}

  line(text = ''): void {
    this.out.write(`${text}\n`);
  }

  error(text: string): void {
    this.err.write(`${text}\n`);
  }

  waiting(label: string): Waiting {
    let deadline = Date.now();
    if (!this.interactive) {
      let lastLineAt = 0;
      return {
        update: (leftMs) => {
          if (Date.now() - lastLineAt < PLAIN_PROGRESS_EVERY_MS) return;
          lastLineAt = Date.now();
          this.line(`${label} (${Math.ceil(leftMs / 1000)} s left)`);
        },
        stop: () => undefined,
      };
    }
    let frame = 0;
    const draw = () => {
      const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
      this.out.write(`\r\x1b[2K${FRAMES[frame++ % FRAMES.length]} ${label} ${clock} left`);
    };
    const timer = setInterval(draw, 100);
    return {
      update: (leftMs) => {
        deadline = Date.now() + leftMs;
        draw();
      },
      stop: () => {
        clearInterval(timer);
        this.out.write('\r\x1b[2K');
      },
    };
  }

  /** A yes/no question on a terminal; elsewhere the default answer. */
  async confirm(question: string, defaultYes: boolean): Promise<boolean> {
    if (!this.interactive) return defaultYes;
    const prompt = createInterface({ input: process.stdin, output: this.out });
    try {
      const answer = (await prompt.question(`${question} ${defaultYes ? '[Y/n]' : '[y/N]'} `)).trim().toLowerCase();
      return answer ? answer.startsWith('y') : defaultYes;
    } finally {
      prompt.close();
    }
  }
}
