import { describeGrammarProperties } from "../../../../test/support/grammar-properties.js";
import { parseRcConf } from "./index.js";

describeGrammarProperties({
  name: "rc.conf",
  parse: parseRcConf,
  fragments: [
    ...["=", '"', "'", "$", "${", "}", "{", "$(", ")", "(", "`", "\\", ";", "&&", "||", "|", "#", ":-", "\\\n"],
    ...["if", "then", "fi", "export", "ifconfig_em0", "pf_enable", "YES", "jail_list", "cloned_interfaces", "ifconfig_lo1_alias0"],
    ...['"inet 10.0.0.1/24"', "inet6 fe80::1%lo0 prefixlen 64", "$ifconfig_em0"],
  ],
});
