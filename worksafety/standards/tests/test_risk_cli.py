import json

import pytest

from worksafety.standards.risk_cli import risk_main


def run(capsys, *argv):
    status = risk_main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_lec_prints_the_interfaces_json(capsys):
    status, out, err = run(capsys, "lec", "3", "10", "15")
    assert status == 0 and err == ""
    assert out == '{"D": 450, "band": "极其危险，不能继续作业", "colour": "red", "level": "重大"}\n'


def test_lec_at_the_d_20_boundary(capsys):
    status, out, _ = run(capsys, "lec", "1", "0.5", "40")
    assert status == 0
    assert json.loads(out) == {"D": 20, "band": "稍有危险，可以接受", "colour": "blue", "level": "低"}


def test_fractional_d_is_printed_as_a_plain_number(capsys):
    _, out, _ = run(capsys, "lec", "0.1", "0.5", "1")
    assert json.loads(out)["D"] == 0.05


def test_ls_prints_r_colour_and_level(capsys):
    status, out, err = run(capsys, "ls", "4", "5")
    assert status == 0 and err == ""
    assert out == '{"R": 20, "colour": "red", "level": "重大"}\n'


@pytest.mark.parametrize(("argv", "message"), [
    (["lec", "4", "10", "15"], "error: L (事故发生的可能性) must be one of 10, 6, 3, 1, 0.5, 0.2, 0.1; got 4\n"),
    (["lec", "3", "ten", "15"], "error: E: 'ten' is not a number\n"),
    (["ls", "6", "1"], "error: L (事故发生的可能性) must be one of 5, 4, 3, 2, 1; got 6\n"),
    (["lec", "3", "10"], "usage: worksafety risk lec L E C | worksafety risk ls L S\n"),
    (["ls", "1", "2", "3"], "usage: worksafety risk lec L E C | worksafety risk ls L S\n"),
    (["matrix", "1", "2"], "usage: worksafety risk lec L E C | worksafety risk ls L S\n"),
    ([], "usage: worksafety risk lec L E C | worksafety risk ls L S\n"),
])
def test_bad_input_is_one_line_on_stderr_and_status_2(capsys, argv, message):
    status, out, err = run(capsys, *argv)
    assert (status, out, err) == (2, "", message)


def test_help_goes_to_stdout(capsys):
    status, out, err = run(capsys, "--help")
    assert (status, err) == (0, "")
    assert out.startswith("usage: worksafety risk lec")
