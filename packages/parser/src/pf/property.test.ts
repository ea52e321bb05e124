import { describeGrammarProperties } from "../../../../test/support/grammar-properties.js";
import { parsePfConf } from "./index.js";

describeGrammarProperties({
  name: "pf.conf",
  parse: parsePfConf,
  fragments: [
    ...["{", "}", "(", ")", "<", ">", ",", "!", "=", '"', "$", "\\", "#", "->", ":", "/", "\\\n"],
    ...["pass", "block", "match", "in", "out", "quick", "on", "from", "to", "any", "port", "proto", "tcp", "keep state"],
    ...["table", "<t>", "set skip on", "lo0", "rdr", "rdr-to", "nat-to", "anchor", "include", "ext_if", "$ext_if", 'ext_if = "em0"'],
    ...["10.0.0.1/24", "fe80::1%lo0", "80", "ssh", "self", "(em0)", "label", "tag"],
  ],
});
