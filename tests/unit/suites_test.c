/* The build systems' test lists: CTest's json-v1 and Meson's introspection. */
#include <stdlib.h>
#include <string.h>

#include "tare.h"

#include "discover.h"
#include "suites.h"

static const char ctest_json[] =
	"{\"kind\":\"ctestInfo\",\"version\":{\"major\":1,\"minor\":0},\"tests\":["
	"{\"name\":\"a\",\"command\":[\"/bin/true\",\"x\"],\"properties\":["
	"{\"name\":\"WORKING_DIRECTORY\",\"value\":\"/tmp\"},"
	"{\"name\":\"ENVIRONMENT\",\"value\":[\"L=/m\",\"G=1\"]},"
	"{\"name\":\"ENVIRONMENT_MODIFICATION\",\"value\":[\"L=path_list_append:/b\","
	"\"L=path_list_prepend:/a\",\"G=unset:\",\"N=set:v\",\"S=string_append:x\","
	"\"C=cmake_list_prepend:p\",\"L2=reset:\"]},"
	"{\"name\":\"TIMEOUT\",\"value\":2.5},{\"name\":\"WILL_FAIL\",\"value\":true},"
	"{\"name\":\"SKIP_RETURN_CODE\",\"value\":4},{\"name\":\"PROCESSORS\",\"value\":3},"
	"{\"name\":\"RUN_SERIAL\",\"value\":\"ON\"},{\"name\":\"DISABLED\",\"value\":false},"
	"{\"name\":\"RESOURCE_LOCK\",\"value\":[\"db\"]},{\"name\":\"LABELS\",\"value\":[\"fast\",\"unit\"]},"
	"{\"name\":\"PASS_REGULAR_EXPRESSION\",\"value\":[\"ok\"]},{\"name\":\"COST\",\"value\":1}]},"
	"{\"name\":\"b\",\"command\":[\"/bin/false\"],\"properties\":["
	"{\"name\":\"DEPENDS\",\"value\":[\"a\"]},{\"name\":\"FIXTURES_REQUIRED\",\"value\":[\"f\"]}]},"
	"{\"name\":\"setup\",\"command\":[\"/bin/true\"],\"properties\":["
	"{\"name\":\"FIXTURES_SETUP\",\"value\":[\"f\"]}]}]}";

static int env_has(const struct registered_test *reg, const char *entry)
{
	size_t i;

	for (i = 0; i < reg->env.nr; i++)
		if (!strcmp(reg->env.v[i], entry))
			return 1;
	return 0;
}

TARE_TEST(ctest_properties_are_read)
{
	struct test_list list;
	struct strbuf err = STRBUF_INIT;
	const struct registered_test *a;

	test_list_init(&list);
	setenv("S", "s", 1);
	unsetenv("C");
	TARE_ASSERT_EQ(suites_parse_ctest(&list, ctest_json, strlen(ctest_json), "x", &err), 0);
	TARE_ASSERT_EQ(list.binaries.nr, 3);
	a = list.binaries.v[0]->reg;
	TARE_ASSERT_STREQ(list.binaries.v[0]->id, "ctest:");
	TARE_ASSERT_STREQ(list.binaries.v[0]->path, "/bin/true");
	TARE_ASSERT_STREQ(list.binaries.v[0]->case_name, "a");
	TARE_ASSERT_STREQ(a->args.v[0], "x");
	TARE_ASSERT_STREQ(a->dir, "/tmp");
	TARE_ASSERT(env_has(a, "L=/a:/m:/b"));
	TARE_ASSERT(env_has(a, "G"));
	TARE_ASSERT(env_has(a, "N=v"));
	TARE_ASSERT(env_has(a, "S=sx"));
	TARE_ASSERT(env_has(a, "C=p"));
	TARE_ASSERT(env_has(a, "L2"));
	TARE_ASSERT(a->timeout > 2.4 && a->timeout < 2.6);
	TARE_ASSERT(a->will_fail && a->run_serial && !a->disabled);
	TARE_ASSERT_EQ(a->skip_code, 4);
	TARE_ASSERT_EQ(a->processors, 3);
	TARE_ASSERT_STREQ(a->locks.v[0], "db");
	TARE_ASSERT_EQ(a->labels.nr, 2);
	TARE_ASSERT_STREQ(a->pass_re.v[0], "ok");
	TARE_ASSERT_STREQ(list.binaries.v[1]->reg->depends.v[0], "a");
	test_list_release(&list);
	strbuf_release(&err);
}

static void ctest_rejects(const char *json, const char *message)
{
	struct test_list list;
	struct strbuf err = STRBUF_INIT;

	test_list_init(&list);
	TARE_ASSERT_EQ(suites_parse_ctest(&list, json, strlen(json), "t.json", &err), -1);
	TARE_ASSERT_STREQ(err.buf, message);
	test_list_release(&list);
	strbuf_release(&err);
}

TARE_TEST(ctest_bad_lists_are_one_clear_line)
{
	ctest_rejects("[]", "t.json:1:1: not CTest's json-v1 output (no \"kind\": \"ctestInfo\")");
	ctest_rejects("{\"kind\":\"ctestInfo\",\"version\":{\"major\":2},\"tests\":[]}",
		      "t.json:1:31: a version of CTest's json-v1 output other than 1");
	ctest_rejects("{\"kind\":\"ctestInfo\",\"version\":{\"major\":1},\"tests\":[{\"name\":\"a\","
		      "\"command\":\"x\"}]}", "t.json:1:74: 'command' must be a list of words");
	ctest_rejects("{\"kind\":\"ctestInfo\",\"version\":{\"major\":1},\"tests\":[{\"name\":\"a\","
		      "\"properties\":[{\"name\":\"TIMEOUT\",\"value\":\"soon\"}]}]}",
		      "t.json:1:104: test 'a': property TIMEOUT has a value CTest would not give it");
	ctest_rejects("{\"kind\":\"ctestInfo\",\"version\":{\"major\":1},\"tests\":[{\"name\":\"a\","
		      "\"properties\":[{\"name\":\"ENVIRONMENT_MODIFICATION\",\"value\":[\"X=twice:y\"]}]}]}",
		      "t.json: test 'a': ENVIRONMENT_MODIFICATION 'X=twice:y' is not VAR=OP:VALUE "
		      "with one of CTest's operations");
	ctest_rejects("{\"kind\":\"ctestInfo\",\"version\":{\"major\":1},\"tests\":[{\"name\":\"a\\n\"}]}",
		      "t.json:1:52: test name has control character 0x0a");
	ctest_rejects("{\"kind\":", "t.json:1:1: unterminated object");
}

TARE_TEST(meson_tests_are_read)
{
	static const char json[] =
		"[{\"name\":\"t\",\"suite\":[\"p:fast\",\"p:unit\"],\"cmd\":[\"/bin/echo\",\"hi\"],"
		"\"env\":{\"K\":\"v\"},\"workdir\":null,\"timeout\":7,\"is_parallel\":false,"
		"\"priority\":3,\"protocol\":\"tap\",\"depends\":[]},"
		"{\"name\":\"u\",\"suite\":[\"p\"],\"cmd\":[\"/bin/true\"],\"env\":{},\"workdir\":\"/w\","
		"\"timeout\":0,\"is_parallel\":true,\"priority\":0,\"protocol\":\"exitcode\",\"should_fail\":true}]";
	struct test_list list;
	struct strbuf err = STRBUF_INIT;
	const struct registered_test *t, *u;

	test_list_init(&list);
	TARE_ASSERT_EQ(suites_parse_meson(&list, json, strlen(json), "m", "/build", &err), 0);
	TARE_ASSERT_EQ(list.binaries.nr, 2);
	t = list.binaries.v[0]->reg;
	u = list.binaries.v[1]->reg;
	TARE_ASSERT_STREQ(list.binaries.v[0]->id, "meson:");
	TARE_ASSERT_STREQ(t->name, "p:fast+unit:t");
	TARE_ASSERT_STREQ(u->name, "p:u");
	TARE_ASSERT_EQ(list.binaries.v[0]->kind, KIND_TAP);
	TARE_ASSERT_STREQ(t->dir, "/build");
	TARE_ASSERT_STREQ(u->dir, "/w");
	TARE_ASSERT(env_has(t, "K=v"));
	TARE_ASSERT(t->run_serial && !u->run_serial);
	TARE_ASSERT(t->timeout > 6.9 && u->timeout == 0);
	TARE_ASSERT(t->has_priority && t->priority == 3);
	TARE_ASSERT(u->will_fail && u->meson && u->skip_code == 77);
	test_list_release(&list);

	test_list_init(&list);
	{
		static const char bad[] = "[{\"name\":\"t\",\"cmd\":[\"x\"],\"protocol\":\"junit\"}]";

		TARE_ASSERT_EQ(suites_parse_meson(&list, bad, strlen(bad), "m", "/b", &err), -1);
	}
	TARE_ASSERT_STREQ(err.buf, "m:1:37: a protocol tare does not know (exitcode, tap, gtest, rust)");
	test_list_release(&list);
	strbuf_release(&err);
}
