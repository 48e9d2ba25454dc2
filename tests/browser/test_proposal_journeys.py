"""Proposal journeys in the browser: the happy path (draft with live preview → co-signed →
submitted → registered → assigned to a lead and a co unit → consultation → co-opinion →
reply with the signed PDF → 满意 → closed) and the re-handling path."""

from __future__ import annotations

import re

from deliberate.proposals.demo import DEMO_PDF
from tests.browser.conftest import login

MEMBER, COSIGNER = "dinghuimin", "pengjun"
SECRETARIAT, LEAD, CO = "hanbing", "jiangyiming", "fujia"
LEAD_UNIT, CO_UNIT = "区发展和改革局", "区财政局"


def switch(page, username):
    page.goto("/")
    page.click("[data-testid=user-menu]")
    page.click("[data-testid=logout]")
    page.wait_for_url("**/login")
    login(page, username)
    page.wait_for_url("**/desk/**")


def file_draft(page, title):
    login(page, MEMBER)
    page.wait_for_url("**/desk/member")
    page.goto("/proposals/mine")
    page.click("[data-testid=new-proposal]")
    page.fill("input[name=title]", title)
    page.select_option("select[name=category]", "economy")
    page.fill("textarea[name=situation]", "民营企业反映**融资难**问题突出。")
    # The live preview renders the Markdown on the server.
    page.wait_for_selector("#preview-situation strong")
    assert page.inner_text("#preview-situation strong") == "融资难"
    page.fill("textarea[name=analysis]", "审批环节多，政策落实不到位。")
    page.fill("textarea[name=suggestions]", "1. 建立企业诉求快速响应机制。")
    page.select_option("select[name=unit_ids]", label=LEAD_UNIT)
    page.click("[data-testid=save-draft]")
    page.wait_for_url(re.compile(r".*/proposals/\d+$"))
    return page.url


def co_sign_and_submit(page, url):
    page.fill("[data-testid=invite] input[name=q]", "pj")  # pinyin initials of 彭俊
    page.click("[data-testid=invite] button[type=submit]")
    page.check("[data-testid=invite] input[name=user_id]")
    page.click("[data-testid=invite] form[method=post] button[type=submit]")
    page.wait_for_url(url)
    switch(page, COSIGNER)
    page.goto(url)
    page.click("[data-testid=invitation] button:has-text('确认联名')")
    page.wait_for_url(url)
    switch(page, MEMBER)
    page.goto(url)
    assert "彭俊" in page.inner_text("[data-testid=signers]")
    page.click("[data-testid=submit]")
    page.wait_for_url(url)
    assert "已提交" in page.content()


def register_and_assign(page, url):
    switch(page, SECRETARIAT)
    page.goto("/proposals/review")
    page.click(f"[data-testid=review-queue] a[href$='{url.rsplit('/', 1)[1]}']")
    page.click("[data-testid=register]")
    page.wait_for_url(url)
    assert page.inner_text("[data-testid=proposal-number]").startswith("第")
    card = page.locator("[data-testid=action-assign]")
    # The unit picker narrows as one types.
    card.locator("[data-testid=filter-assign-lead_units]").fill("发展")
    hidden = card.locator("select[name=assign-lead_units] option", has_text=CO_UNIT)
    assert hidden.evaluate("o => o.hidden")
    card.locator("select[name=assign-lead_units]").select_option(label=LEAD_UNIT)
    card.locator("select[name=assign-co_units]").select_option(label=CO_UNIT)
    card.locator("button[type=submit]").click()
    page.wait_for_url(url)
    assert "已交办" in page.content()


def handle_and_reply(page, url, doc):
    switch(page, LEAD)
    page.goto("/proposals/inbox")
    page.click(f"[data-testid=unit-inbox] a[href$='{url.rsplit('/', 1)[1]}']")
    consult = page.locator("[data-testid=action-consult]")
    if consult.count():
        consult.locator("summary").click()
        consult.locator("input[name=consult-held_on]").fill(
            page.evaluate("new Date().toISOString().slice(0, 10)"))
        consult.locator("select[name=consult-form]").select_option("phone")
        consult.locator("textarea[name=consult-summary]").fill("电话沟通办理思路。")
        consult.locator("button[type=submit]").click()
        page.wait_for_url(url)
        switch(page, CO)
        page.goto(url)
        co = page.locator("[data-testid=action-co_opinion]")
        co.locator("summary").click()
        co.locator("textarea[name=co-body]").fill("同意主办单位意见。")
        co.locator("button[type=submit]").click()
        page.wait_for_url(url)
        switch(page, LEAD)
        page.goto(url)
    form = page.locator("[data-testid=action-reply]")
    form.locator("input[name=reply-doc_number]").fill(doc)
    form.locator("select[name=reply-result_class]").select_option("A")
    form.locator("textarea[name=reply-body]").fill("已纳入年度计划。")
    form.locator("input[name=reply-signatory]").fill("局长")
    form.locator("input[name=reply-contact_person]").fill("江一鸣")
    form.locator("input[name=reply-contact_phone]").fill("027-84000000")
    form.locator("input[name=reply-file]").set_input_files(
        {"name": "reply.pdf", "mimeType": "application/pdf", "buffer": DEMO_PDF})
    form.locator("button[type=submit]").click()
    page.wait_for_url(url)
    assert doc in page.content()


def give_verdict(page, url, verdict):
    switch(page, MEMBER)
    page.goto(url)
    card = page.locator("[data-testid=action-feedback]")
    for name, value in (("contact_made", "visited"), ("attitude", "satisfied"),
                        ("relevance", "relevant"), ("verdict", verdict)):
        card.locator(f"input[name=feedback-{name}][value={value}]").check()
    card.locator("button[type=submit]").click()
    page.wait_for_url(url)


def test_happy_path(page):
    page.on("dialog", lambda d: d.accept())
    url = file_draft(page, "关于优化民营经济营商环境的提案（浏览器测试）")
    co_sign_and_submit(page, url)
    register_and_assign(page, url)
    handle_and_reply(page, url, "阳发改函〔2026〕88号")
    give_verdict(page, url, "satisfied")
    assert "已办结" in page.content()
    with page.expect_download() as dl:
        page.click("[data-testid=reply-file]")
    assert dl.value.suggested_filename.endswith(".pdf")


def test_rehandling_path(page):
    page.on("dialog", lambda d: d.accept())
    url = file_draft(page, "关于加强基层社会治理的提案（浏览器测试）")
    co_sign_and_submit(page, url)
    register_and_assign(page, url)
    handle_and_reply(page, url, "阳发改函〔2026〕90号")
    give_verdict(page, url, "dissatisfied")
    assert "重新办理" in page.content()
    handle_and_reply(page, url, "阳发改函〔2026〕91号")
    give_verdict(page, url, "basically")
    assert "已办结" in page.content()


def test_bulk_assignment_keeps_the_filters(page):
    login(page, SECRETARIAT)
    page.wait_for_url("**/desk/secretariat")
    page.goto("/proposals/?state=registered")
    boxes = page.locator("input[name=bulk-ids]")
    n = boxes.count()
    assert n >= 2
    for i in range(n):
        boxes.nth(i).check()
    page.click("[data-testid=bulk-assign] summary")
    page.select_option("select[name=bulk-lead_units]", label=LEAD_UNIT)
    page.select_option("select[name=bulk-co_units]", label=CO_UNIT)
    page.click("[data-testid=bulk-assign] button[type=submit]")
    page.wait_for_url("**/proposals/?state=registered")
    assert f"已交办{n}件提案" in page.content()
    assert page.locator("input[name=bulk-ids]").count() == 0
    page.goto("/proposals/?state=assigned")
    assert "2个单位中0个已答复" not in page.content()  # lead only replies: "1个单位中…"
    assert "1个单位中0个已答复" in page.content()
