# Run after a target is built (tare_discover_tests): asks the binary for its
# tests with tare's list protocol and writes one add_test() for each.
execute_process(
	COMMAND "${TARE_TEST_EXECUTABLE}" --list --format terse
	WORKING_DIRECTORY "${TARE_TEST_WORKING_DIRECTORY}"
	OUTPUT_VARIABLE listing
	ERROR_VARIABLE errors
	RESULT_VARIABLE status
	TIMEOUT 60)
if(NOT status EQUAL 0)
	message(FATAL_ERROR "${TARE_TEST_EXECUTABLE} --list --format terse: ${status}\n${errors}")
endif()
set(content "# Written by tareAddTests.cmake from ${TARE_TEST_EXECUTABLE} --list\n")
string(REPLACE "\n" ";" lines "${listing}")
foreach(line IN LISTS lines)
	if(line MATCHES "^(.+): test$")
		set(name "${CMAKE_MATCH_1}")
		set(test "${TARE_TEST_PREFIX}${name}")
		string(APPEND content
			"add_test([==[${test}]==] [==[${TARE_TEST_EXECUTABLE}]==] --exact [==[${name}]==])\n"
			"set_tests_properties([==[${test}]==] PROPERTIES SKIP_RETURN_CODE 77"
			" WORKING_DIRECTORY [==[${TARE_TEST_WORKING_DIRECTORY}]==])\n")
	endif()
endforeach()
file(WRITE "${TARE_TEST_FILE}" "${content}")
