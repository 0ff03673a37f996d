// autocannon ships no typings; this is the part of its programmatic API the benchmark uses.
declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
  }
  interface Result {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
    '4xx': number;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
