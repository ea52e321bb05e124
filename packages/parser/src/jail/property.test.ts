import { describeGrammarProperties } from "../../../../test/support/grammar-properties.js";
import { parseJailConf } from "./index.js";

describeGrammarProperties({
  name: "jail.conf",
  parse: parseJailConf,
  fragments: [
    ...["{", "}", ";", "=", "+=", '"', "'", "$", "${", "\\", "#", "//", "/*", "*/", "*", ".", ",", "\\\n"],
    ...["www", "persist", "path", "ip4.addr", "exec.start", "host.hostname", "allow.raw_sockets", "mount.fstab", ".include"],
    ...['"/jails/$name"', "${name}", '"10.0.0.1/24"', "lo1|127.0.1.1"],
  ],
});
