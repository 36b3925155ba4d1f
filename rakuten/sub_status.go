package rakuten

import (
	"context"

	"github.com/mallkit/mallkit/internal/httpx"
)

// SubStatus is a shop-defined sub-status (サブステータス).
type SubStatus struct {
	ID      int    `json:"subStatusId"`
	Name    string `json:"subStatusName"`
	OrderBy int    `json:"orderby"`
}

// ProgressSubStatuses lists the sub-statuses defined under one progress.
type ProgressSubStatuses struct {
	Progress    Progress    `json:"orderProgress"`
	SubStatuses []SubStatus `json:"SubStatusModelList"`
}

type subStatusListResponse struct {
	Messages []Message             `json:"MessageModelList"`
	Statuses []ProgressSubStatuses `json:"StatusModelList"`
}

// SubStatuses lists the shop's sub-statuses with RakutenPayOrderAPI
// getSubStatusList.
func (c *Client) SubStatuses(ctx context.Context) ([]ProgressSubStatuses, error) {
	var out subStatusListResponse
	r, err := c.postOrder(ctx, "getSubStatusList", struct{}{}, &out, httpx.RetrySafe)
	if err != nil {
		return nil, err
	}
	if err := anyError("getSubStatusList", r, out.Messages); err != nil {
		return nil, err
	}
	return out.Statuses, nil
}

type subStatusUpdateRequest struct {
	SubStatusID     int      `json:"subStatusId"`
	OrderNumberList []string `json:"orderNumberList"`
}

// SetSubStatus assigns sub-status id to orders with RakutenPayOrderAPI
// updateOrderSubStatus, in batches of 100. Orders RMS refuses come back in
// a *BatchError while the others are updated. Setting a value is
// idempotent, so it is retried like a read.
func (c *Client) SetSubStatus(ctx context.Context, id int, numbers []string) error {
	return c.perOrderBatches(ctx, "updateOrderSubStatus", numbers, httpx.RetrySafe,
		func(batch []string) any { return subStatusUpdateRequest{id, batch} })
}
