import type { InvalidUtf8 } from "./utf8.js";

/**
 * Why a file could not be had: it does not exist, it cannot be read, or the host may not look there (outside
 * the config root the CLI was given; `detail` says which).
 */
export type ReadFailure = { ok: false; reason: "missing" | "unreadable" | "outside-root"; detail: string };

/**
 * A file as the host read it. `file` is the file's identity in everything made from it (models, diagnostics,
 * fixes): the logical path it was read by, so a host returns `path` itself. `invalidUtf8` lists the byte
 * sequences of a file that is not UTF-8, each of them one U+FFFD in `text` (see decodeUtf8): such a text is
 * not the file, and must never be written back.
 */
export type HostRead = { ok: true; text: string; file: string; invalidUtf8?: readonly InvalidUtf8[] } | ReadFailure;

/**
 * The files of one host, as the core reads them: jail.conf and its includes, rc.conf, pf.conf and its includes,
 * fstab files. The core does no I/O: the CLI hands it the disk (mapped into a config tree with --root), the
 * language server its open documents over the disk (OverlayHost), the tests a MemoryHost. Paths are *logical*
 * paths, the host's own (`/etc/jail.conf.d/www.conf`), whatever directory stands for `/`.
 */
export interface ConfigHost {
  read(path: string): HostRead;
  /** Logical paths matching a glob(3) pattern, sorted as glob(3) sorts them. */
  glob(pattern: string): string[];
  /**
   * False when the host is not the whole machine (one file linted out of its tree): a missing file named by an
   * absolute path outside it is then no evidence of a mistake. Defaults to true.
   */
  readonly complete?: boolean;
  /**
   * How a message names a file of this host (`fixtures/www/etc/pf.conf has filter rules…`): the CLI names it
   * as its output does; defaults to the logical path. Only message text uses it, never a diagnostic's `file`.
   */
  label?(path: string): string;
}

/** @deprecated The host interface serves every kind of file: use ConfigHost. */
export type JailConfHost = ConfigHost;
