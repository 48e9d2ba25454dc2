"""Consultation journey in the browser, through the real screens: a member submits a speech
for a coming meeting, the secretariat adopts it (it joins the speaking order) and records
attendance; for a meeting already held the secretariat drafts the minutes, edits them,
sends them to the attendees, an attendee comments, the chair approves and the secretariat
issues them (locked)."""

from __future__ import annotations

import re

from tests.browser.conftest import login

MEMBER, SECRETARIAT, CHAIR = "wangxiaolan", "hanbing", "yuhong"
ATTENDEE = "daijingyi"
COMING = "“十四五”规划编制专题协商会"
HELD = "“老旧小区改造”双周协商座谈会"


def switch(page, username):
    page.goto("/")
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/login")
    login(page, username)
    page.wait_for_url("**/desk/**")


def open_meeting(page, title):
    page.goto("/consultation/meetings")
    page.click(f"[data-testid=meetings] a:has-text('{title}')")
    page.wait_for_url(re.compile(r".*/consultation/meetings/\d+$"))
    return page.url


def test_speech_adopted_attendance_and_minutes_issued(page):
    login(page, MEMBER)
    page.wait_for_url("**/desk/member")
    assert COMING in page.inner_text("[data-testid=panel-meetings]")
    meeting_url = open_meeting(page, COMING)
    page.click("[data-testid=new-speech]")
    page.fill("input[name=title]", "打造“1+2+4+X”产业平台")
    page.select_option("select[name=kind]", "theme")
    page.check("input[name=mode][value=oral]")
    page.fill("input[name=minutes]", "6")
    page.fill("textarea[name=body]", "规划要**务实推进**，集中发力。")
    page.click("[data-testid=speech-form] button[name=submit]")
    page.wait_for_url(re.compile(r".*/consultation/speeches/\d+$"))
    speech_url = page.url
    assert "已提交" in page.inner_text("main")

    switch(page, SECRETARIAT)
    page.goto(speech_url)
    page.click("[data-testid=action-adopt] button")
    page.wait_for_url(speech_url)
    assert "已采用" in page.inner_text("main")
    page.goto(meeting_url)
    assert "打造“1+2+4+X”产业平台" in page.inner_text("[data-testid=oral-order]")
    page.click("[data-testid=attendance-link]")
    page.wait_for_url("**/attendance")
    row = page.locator("[data-testid=attendance-form] tr", has_text="王晓岚")
    row.locator("select").select_option("present")
    page.click("[data-testid=attendance-form] button[type=submit]")
    page.wait_for_url("**/attendance")
    assert row.locator("select").input_value() == "present"

    held_url = open_meeting(page, HELD)
    page.click("main form button:has-text('起草纪要')")
    page.wait_for_url(re.compile(r".*/consultation/minutes/\d+$"))
    minutes_url = page.url
    assert "委员座谈交流" in page.inner_text("[data-testid=minutes-body]")
    page.click("[data-testid=edit-minutes]")
    body = page.locator("textarea[name=body]")
    body.fill(body.input_value().replace("（待撰写）", "一致认为改造方案应先议后定。"))
    page.click("[data-testid=minutes-form] [type=submit]")
    page.wait_for_url(minutes_url)
    assert "先议后定" in page.inner_text("[data-testid=minutes-body]")
    page.click("[data-testid=action-submit_review] button")
    page.wait_for_url(minutes_url)
    assert "征求意见中" in page.inner_text("main")

    switch(page, ATTENDEE)
    page.goto(minutes_url)
    page.fill("[data-testid=comment-form] textarea[name=text]", "建议补充加装电梯的意见。")
    page.click("[data-testid=comment-form] button[type=submit]")
    page.wait_for_url(re.compile(r".*/consultation/minutes/\d+#comments$"))
    assert "加装电梯" in page.inner_text("main")

    switch(page, CHAIR)
    page.goto(minutes_url)
    page.click("[data-testid=action-approve] button")
    page.wait_for_url(minutes_url)

    switch(page, SECRETARIAT)
    page.goto(minutes_url)
    page.click("[data-testid=action-issue] button")
    page.wait_for_url(minutes_url)
    assert "已印发" in page.inner_text("main")
    assert page.locator("[data-testid=edit-minutes]").count() == 0
    page.goto(minutes_url + "/revisions?a=1&b=2")
    assert "先议后定" in page.inner_text("[data-testid=diff]")
    page.goto(held_url)
    assert page.locator("[data-testid=minutes-link]").count() == 1
